#!/usr/bin/perl
# A Perl Gearman::Client that asks for exceptions (OPTION_REQ exceptions):
#   perl perl_client_exceptions.pl HOST:PORT FUNCTION WORKLOAD
# prints the result of do_task; prints each exception, thawed, to stderr as "exception: TEXT"; exits 2 on failure.
use strict;
use warnings;
use Gearman::Client;

my ($server, $function, $workload) = @ARGV;
die "usage: perl_client_exceptions.pl HOST:PORT FUNCTION WORKLOAD\n" unless defined $workload;
my $client = Gearman::Client->new(job_servers => [$server], exceptions => 1);
my $result = $client->do_task($function, $workload,
    { timeout => 20, on_exception => sub { print STDERR "exception: $_[0]\n"; } });
unless (defined $result) {
    print STDERR "do_task $function failed\n";
    exit 2;
}
binmode STDOUT;
print $$result;
