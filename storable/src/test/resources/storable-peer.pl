#!/usr/bin/perl
# The real-Perl side of errand-storable's tests. One request a line on stdin, one answer a line on stdout:
#   freeze EXPR    nfreeze(eval EXPR) with $Storable::canonical = 1, in hex ("ERR message" if Perl refuses)
#   freeze_native EXPR   the same with freeze (native byte order)
#   thaw HEX       thaw of the bytes, as a typed dump (below)
#   refreeze HEX   thaw, then canonical nfreeze again, in hex
# The typed dump is JSON (JSON::PP, sorted keys, ASCII) in which every scalar says what Perl holds:
# "bytes:..." a byte string, "chars:..." a character (UTF-8 flagged) string, "int:N" / "num:N" a number,
# null undef; {"ref": X} a reference to a scalar or reference; {"bless": CLASS, "value": X} a blessed value.
use strict;
use warnings;
use B ();
use JSON::PP ();
use Scalar::Util qw(blessed reftype);
use Storable qw(nfreeze thaw);

$Storable::canonical = 1;
{
    no warnings q(once);
    $Storable::Deparse = 1;    # so that a test can freeze a code reference
}
$| = 1;
my $json = JSON::PP->new->ascii->canonical->allow_nonref;

sub typed {
    my ($v) = @_;
    return undef unless defined $v;
    if (ref $v) {
        my $type  = reftype $v;
        my $plain = $type eq 'HASH'  ? { map { ($_ => typed($v->{$_})) } keys %$v }
                  : $type eq 'ARRAY' ? [ map { typed($_) } @$v ]
                  : $type eq 'SCALAR' || $type eq 'REF' ? { ref => typed($$v) }
                  : "unsupported:$type";
        return blessed($v) ? { bless => blessed($v), value => $plain } : $plain;
    }
    my $flags = B::svref_2object(\$v)->FLAGS;
    return (utf8::is_utf8($v) ? 'chars:' : 'bytes:') . $v if $flags & B::SVf_POK;
    return "int:$v" if $flags & B::SVf_IOK;
    return "num:$v" if $flags & B::SVf_NOK;
    return "unknown:$v";
}

while (my $line = <STDIN>) {
    chomp $line;
    my ($command, $arg) = split / /, $line, 2;
    my $answer = eval {
        if ($command eq 'freeze') {
            my $value = eval $arg;
            die $@ if $@;
            unpack 'H*', nfreeze($value);
        } elsif ($command eq "freeze_native") {
            my $value = eval $arg;
            die $@ if $@;
            unpack "H*", Storable::freeze($value);
        } elsif ($command eq 'thaw') {
            $json->encode(typed(thaw(pack "H*", $arg)));
        } elsif ($command eq 'refreeze') {
            unpack 'H*', nfreeze(thaw(pack 'H*', $arg));
        } else {
            die "unknown command $command\n";
        }
    };
    if (!defined $answer) {
        (my $error = $@ || 'undefined result') =~ s/\s+/ /g;
        $answer = "ERR $error";
    }
    print "$answer\n";
}
