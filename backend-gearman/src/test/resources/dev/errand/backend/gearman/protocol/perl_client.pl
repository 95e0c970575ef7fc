#!/usr/bin/perl
# A Perl Gearman::Client (Debian libgearman-client-perl) as a foreign peer for the tests:
#   perl perl_client.pl HOST:PORT[,HOST:PORT...] FUNCTION WORKLOAD [UNIQ]
# prints the result of do_task (raw bytes, no newline), and each WORK_WARNING to stderr as "warning: TEXT";
# exits 2 when the task fails.
use strict;
use warnings;
use Gearman::Client;

my ($servers, $function, $workload, $uniq) = @ARGV;
die "usage: perl_client.pl HOST:PORT FUNCTION WORKLOAD [UNIQ]\n" unless defined $workload;
my $client = Gearman::Client->new(job_servers => [split /,/, $servers]);
my %options = (timeout => 20, on_warning => sub { print STDERR "warning: ${$_[0]}\n"; });
$options{uniq} = $uniq if defined $uniq;
my $result = $client->do_task($function, $workload, \%options);
unless (defined $result) {
    print STDERR "do_task $function failed\n";
    exit 2;
}
binmode STDOUT;
print $$result;
