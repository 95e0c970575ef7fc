#!/usr/bin/perl
# A Perl TheSchwartz 1.12 worker process for the bench: runs Bench::Noop jobs (completed at once, no exit status,
# TheSchwartz's defaults) until the file STOP exists.
#   ts_noop_worker.pl DSN USER PASSWORD STOP
use strict;
use warnings;
use TheSchwartz;
use Time::HiRes ();

my ($dsn, $user, $pass, $stop) = @ARGV;

package Bench::Noop;
use base 'TheSchwartz::Worker';
sub work {
    my ($class, $job) = @_;
    $job->completed;
}

package main;
my $client = TheSchwartz->new(databases => [ { dsn => $dsn, user => $user, pass => $pass } ]);
$client->can_do('Bench::Noop');
print "ready\n";
STDOUT->flush;
until (-e $stop) {
    Time::HiRes::sleep(0.01) unless $client->work_once;
}
