#!/usr/bin/perl
# Perl Gearman::Client dispatch_background: perl perl_background.pl HOST:PORT FUNCTION WORKLOAD
# prints the job handle; exits 2 when gearmand refuses the job.
use strict;
use warnings;
use Gearman::Client;

my ($server, $function, $workload) = @ARGV;
die "usage: perl_background.pl HOST:PORT FUNCTION WORKLOAD\n" unless defined $workload;
my $client = Gearman::Client->new(job_servers => [$server]);
my $handle = $client->dispatch_background($function, $workload);
unless (defined $handle) {
    print STDERR "dispatch_background $function failed\n";
    exit 2;
}
print $handle;
