#!/usr/bin/perl
# A Perl TheSchwartz 1.12 client, as a Perl shop runs it: inserts jobs and reads their outcome.
#   ts_client.pl DSN insert-audit          -> prints the new jobid
#   ts_client.pl DSN status JOBID          -> prints "exit=<status or none>" and one "failure=<message>" per error row
#   ts_client.pl DSN insert-audit-handle   -> prints the new job's handle string (md5_hex("dsn|user")-jobid)
#   ts_client.pl DSN handle-status HANDLE  -> prints "exit=<status or none>" of the job a handle string names
#   ts_client.pl DSN insert FUNC PERL      -> inserts a FUNC job whose arg is the value of the Perl expression PERL
#                                             (a hashref, an arrayref, a scalar ref, a plain string...), prints the jobid
use strict;
use warnings;
use TheSchwartz;
use TheSchwartz::Job;
use Storable ();
use DBI;
use JSON::PP ();

binmode STDOUT, ':encoding(UTF-8)';
my ($dsn, $cmd, @rest) = @ARGV;
my $client = TheSchwartz->new(databases => [{ dsn => $dsn, user => $ENV{TS_USER} // '', pass => $ENV{TS_PASS} // '' }]);

if ($cmd eq 'insert-audit') {
    my $handle = $client->insert('shop::Audit', {
        id     => '7',                  # Perl's typeless scalars: a string that is a number
        amount => '1099511627776',      # 64-bit integers travel as decimal text
        note   => undef,
        tags   => ['a', 'b'],
        who    => { name => "caf\x{e9} \x{263a}", since => 2019 },
        raw    => "caf\xc3\xa9",        # a UTF-8 byte string, as Perl reads it from a file
    }) or die "insert failed";
    print $handle->jobid, "\n";
} elsif ($cmd eq 'insert-audit-handle') {
    my $handle = $client->insert('shop::Audit', { id => 8 }) or die "insert failed";
    print $handle->as_string, "\n";
} elsif ($cmd eq 'handle-status') {
    my $handle = $client->handle_from_string($rest[0]);
    my $exit = $handle->exit_status;
    print 'exit=', (defined $exit ? $exit : 'none'), "\n";
} elsif ($cmd eq 'insert') {
    my ($func, $expr) = @rest;
    my $arg = eval $expr;
    die "bad Perl expression $expr: $@" if $@;
    my $handle = $client->insert($func, $arg) or die "insert failed";
    print $handle->jobid, "\n";
} elsif ($cmd eq 'insert-blessed') {
    my $handle = $client->insert('shop::Audit', bless({ id => 1 }, 'Shop::Order')) or die "insert failed";
    print $handle->jobid, "\n";
} elsif ($cmd eq 'insert-native') {
    # freeze, not nfreeze: native byte order. TheSchwartz itself always writes nfreeze, so another writer did this.
    my $handle = $client->insert('shop::Audit', { id => 1 }) or die "insert failed";
    my $dbh = DBI->connect($dsn, $ENV{TS_USER} // '', $ENV{TS_PASS} // '', { RaiseError => 1, AutoCommit => 1 });
    $dbh->do('UPDATE job SET arg = ? WHERE jobid = ?', undef, Storable::freeze({ id => 1 }), $handle->jobid);
    $dbh->disconnect;
    print $handle->jobid, "\n";
} elsif ($cmd eq 'insert-unbindable') {
    my $handle = $client->insert('shop::Audit', { id => 'seven' }) or die "insert failed";
    print $handle->jobid, "\n";
} elsif ($cmd eq 'status') {
    my $handle = TheSchwartz::JobHandle->new({ dsn_hashed => (keys %{ $client->{databases} })[0], jobid => $rest[0] });
    $handle->client($client);
    my $exit = $handle->exit_status;
    binmode STDOUT, ':raw';    # failure_log gives the column's bytes (DBD::SQLite, DBD::Pg, DBD::mysql defaults)
    print 'exit=', (defined $exit ? $exit : 'none'), "\n";
    print "failure=$_\n" for $handle->failure_log;
} else {
    die "unknown command $cmd";
}
