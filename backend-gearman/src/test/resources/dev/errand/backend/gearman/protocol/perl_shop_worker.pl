#!/usr/bin/perl
# A Perl Gearman::Worker serving the functions the Java stub PerlShop declares:
#   perl perl_shop_worker.pl HOST:PORT[,HOST:PORT...] DIR [ONLY]
# perl::reverse, perl::sleep (workload = milliseconds), perl::append (appends the workload to DIR/append.log),
# perl::count (appends to DIR/count.log, then takes 500 ms), perl::hello (JSON {"name","times"} -> {"text"}).
# With ONLY it serves that one function alone: also late::count (as perl::count) and prio::append (to DIR/prio.log).
use strict;
use warnings;
use Gearman::Worker;
use JSON::PP;
use Time::HiRes qw(usleep);

my ($servers, $dir, $only) = @ARGV;
die "usage: perl_shop_worker.pl HOST:PORT DIR\n" unless defined $dir;
$| = 1;
my $worker = Gearman::Worker->new(job_servers => [split /,/, $servers]);

sub append_to {
    my ($file, $line) = @_;
    open(my $fh, '>>', "$dir/$file") or die "cannot append to $dir/$file: $!";
    print $fh "$line\n";
    close $fh;
}

my %functions = (
    'perl::reverse' => sub { return scalar reverse $_[0]->arg; },
    'perl::sleep'   => sub { usleep($_[0]->arg * 1000); return $_[0]->arg; },
    'perl::append'  => sub { append_to('append.log', $_[0]->arg); return 'ok'; },
    'prio::append'  => sub { append_to('prio.log', $_[0]->arg); return 'ok'; },
    'perl::count'   => sub { append_to('count.log', $_[0]->arg); usleep(500_000); return 'counted ' . $_[0]->arg; },
    'perl::hello'   => sub {
        my $in = decode_json($_[0]->arg);
        return encode_json({ text => join(' ', ("hello $in->{name}") x $in->{times}) });
    },
);
$functions{'late::count'} = $functions{'perl::count'};
for my $name (defined $only ? ($only) : grep { !/^(late|prio)::/ } keys %functions) {
    $worker->register_function($name => $functions{$name});
}
print "ready\n";
$worker->work while 1;
