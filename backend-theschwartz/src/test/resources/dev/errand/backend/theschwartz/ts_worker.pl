#!/usr/bin/perl
# A Perl TheSchwartz 1.12 worker, as a Perl shop runs it. Writes one line per job it runs to OUT.
#   ts_worker.pl DSN OUT echo          -> runs InteropWorker::Echo until no job is left, line "<name>|<count>"
#   ts_worker.pl DSN OUT fail          -> runs InteropWorker::Echo, failing each job with "perl says no"
#   ts_worker.pl DSN OUT forget        -> runs InteropWorker::Forget (keep_exit_status_for 0) until no job is left
#   ts_worker.pl DSN OUT fleet STOP    -> runs fleet::Count until file STOP exists, line "<n>"
#   ts_worker.pl DSN OUT hang GRABFOR  -> grabs one fleet::Count job (grab_for GRABFOR s), writes "grabbed <jobid>", hangs
#   ts_worker.pl DSN OUT coalesce V    -> grabs shop::Ship jobs whose coalesce is V (find_job_with_coalescing_value) until
#                                         none is left, line "<coalesce>|<box>"
#   ts_worker.pl DSN OUT dump          -> runs InteropWorker::Dump until no job is left, line: the arg as canonical JSON
#                                         with each scalar tagged by how Perl holds it (chars, bytes or number)
#   ts_worker.pl DSN OUT dumpfn FUNC   -> as dump, for function FUNC; a scalar ref shows as {"SCALAR": ...}
#   ts_worker.pl DSN OUT dumpjson FUNC -> as dumpfn, of decode_json($job->arg)
use strict;
use warnings;
use TheSchwartz;
use IO::Handle;

my ($dsn, $out, $mode, $extra) = @ARGV;
open my $fh, '>>:encoding(UTF-8)', $out or die "cannot open $out: $!";
$fh->autoflush(1);
our ($OUT, $MODE, $GRAB_FOR) = ($fh, $mode, $mode eq "hang" ? $extra : undef);

package InteropWorker::Echo;
use base 'TheSchwartz::Worker';
sub keep_exit_status_for { 3600 }
sub work {
    my ($class, $job) = @_;
    my $arg = $job->arg;
    if ($main::MODE eq 'fail') {
        $job->failed('perl says no');
        return;
    }
    print {$main::OUT} $arg->{name}, '|', $arg->{count}, "\n";
    $job->completed;
}

package InteropWorker::Forget;
use base 'TheSchwartz::Worker';
sub keep_exit_status_for { 0 }    # TheSchwartz's default, spelt out
sub work {
    my ($class, $job) = @_;
    print {$main::OUT} $job->arg, "\n";    # one String parameter: a plain string
    $job->completed;
}

package fleet::Count;
use base 'TheSchwartz::Worker';
sub keep_exit_status_for { 3600 }
sub grab_for { $main::GRAB_FOR || 60 }
sub work {
    my ($class, $job) = @_;
    if ($main::MODE eq 'hang') {
        print {$main::OUT} 'grabbed ', $job->jobid, "\n";
        sleep 3600;
    }
    print {$main::OUT} $job->arg->{n}, "\n";
    $job->completed;
}

package shop::Ship;
use base 'TheSchwartz::Worker';
sub keep_exit_status_for { 3600 }

package InteropWorker::Dump;
use base 'TheSchwartz::Worker';
use B ();
use JSON::PP ();
sub keep_exit_status_for { 3600 }
sub typed {
    my ($v) = @_;
    return undef unless defined $v;
    return { map { $_ => typed($v->{$_}) } keys %$v } if ref $v eq 'HASH';
    return [ map { typed($_) } @$v ] if ref $v eq 'ARRAY';
    return { SCALAR => typed($$v) } if ref $v eq 'SCALAR';
    my $flags = B::svref_2object(\$v)->FLAGS;
    return 'num:' . $v if $flags & (B::SVf_IOK | B::SVf_NOK) and !($flags & B::SVf_POK);
    return (utf8::is_utf8($v) ? 'chars:' : 'bytes:') . $v;
}
sub work {
    my ($class, $job) = @_;
    my $arg = $main::MODE eq 'dumpjson' ? JSON::PP::decode_json($job->arg) : $job->arg;
    print {$main::OUT} JSON::PP->new->canonical->allow_nonref->encode(typed($arg)), "\n";
    $job->completed;
}

package main;
my $client = TheSchwartz->new(databases => [{ dsn => $dsn, user => $ENV{TS_USER} // '', pass => $ENV{TS_PASS} // '' }]);
if ($mode eq 'echo' || $mode eq 'fail') {
    $client->can_do('InteropWorker::Echo');
    1 while $client->work_once;
} elsif ($mode eq 'forget') {
    $client->can_do('InteropWorker::Forget');
    1 while $client->work_once;
} elsif ($mode eq 'dump') {
    $client->can_do('InteropWorker::Dump');
    1 while $client->work_once;
} elsif ($mode eq 'dumpfn' || $mode eq 'dumpjson') {
    # A worker class named as the function, which dumps its arg as InteropWorker::Dump does.
    no strict 'refs';
    @{"${extra}::ISA"} = ('InteropWorker::Dump');
    $client->can_do($extra);
    1 while $client->work_once;
} elsif ($mode eq 'fleet') {
    $client->can_do('fleet::Count');
    until (-e $extra) {
        $client->work_once or select(undef, undef, undef, 0.05);
    }
} elsif ($mode eq 'coalesce') {
    while (my $job = $client->find_job_with_coalescing_value('shop::Ship', $extra)) {
        print {$OUT} $job->coalesce, '|', $job->arg->{box}, "\n";
        $job->completed;
    }
} elsif ($mode eq 'hang') {
    $client->can_do('fleet::Count');
    1 until $client->work_once;
} else {
    die "unknown mode $mode";
}
