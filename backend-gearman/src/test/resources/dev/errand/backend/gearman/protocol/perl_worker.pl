#!/usr/bin/perl
# A Perl Gearman::Worker (Debian libgearman-client-perl) as a foreign peer for the tests:
#   perl perl_worker.pl HOST:PORT PREFIX
# serves PREFIX_reverse (the workload reversed byte for byte) and PREFIX_fail (dies).
use strict;
use warnings;
use Gearman::Worker;

my ($server, $prefix) = @ARGV;
die "usage: perl_worker.pl HOST:PORT PREFIX\n" unless defined $prefix;
my $worker = Gearman::Worker->new(job_servers => [$server]);
$worker->register_function("${prefix}_reverse" => sub { return scalar reverse $_[0]->arg; });
$worker->register_function("${prefix}_fail" => sub { die "perl worker refuses\n"; });
$worker->work while 1;
