#!/usr/bin/perl
# Perl DBD::MariaDB and DBD::mysql for the shared client contract (see test/helpers/run-client.ts).
# The driver comes from the constant DRIVER: perl -Mconstant=DRIVER,MariaDB dbd.pl '{...}' (or DRIVER,mysql).
# argv[1]: {"host","port","user","password","canHandleExpired","statements","ssl"?}; prints one JSON line.
# Both (on libmariadb) have no way to send bit 22 (CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS).
# TCP to the given host; TLS off (<prefix>_ssl=0). "ssl": true: <prefix>_ssl=1;<prefix>_ssl_optional=1,
# TLS whenever the server offers it, certificate not verified. Both drivers refuse to *enforce* TLS
# without verifying the certificate (2026 "Enforcing SSL encryption is not supported..."), so the
# suite checks from the server's log that the session really was TLS.
use strict;
use warnings;
use DBI;
use JSON::PP;

my $json = JSON::PP->new->canonical;
my $args = decode_json($ARGV[0]);
my $prefix = lc(DRIVER);
my $name = "dbd-$prefix";
if ($args->{canHandleExpired}) {
    print $json->encode({ client => $name, notApplicable => 'DBD::' . DRIVER . ' has no option to send CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS' }), "\n";
    exit 0;
}

sub error_of {
    my ($err, $state, $msg) = @_;
    my %e = (ok => JSON::PP::false);
    $e{code} = 0 + $err if defined $err && $err ne '';
    $e{sqlState} = $state if defined $state && $state ne '';
    $e{message} = $msg if defined $msg;
    return \%e;
}
sub is_fatal { my ($code) = @_; return defined $code && $code >= 2000 && $code < 3000; }

my %report = (client => $name);
my $tls = $args->{ssl} ? "${prefix}_ssl=1;${prefix}_ssl_optional=1" : "${prefix}_ssl=0";
my $dsn = "DBI:" . DRIVER . ":host=$args->{host};port=$args->{port};$tls;${prefix}_connect_timeout=10;${prefix}_read_timeout=10";
my $dbh = DBI->connect($dsn, $args->{user}, $args->{password}, { RaiseError => 0, PrintError => 0, AutoCommit => 1 });
if (!$dbh) {
    $report{connect} = error_of($DBI::err, $DBI::state, $DBI::errstr);
    $report{statements} = [];
    print $json->encode(\%report), "\n";
    exit 0;
}
$report{connect} = { ok => JSON::PP::true };
my @results;
for my $sql (@{ $args->{statements} }) {
    my %r = (sql => $sql);
    my $sth = $dbh->prepare($sql);
    my $rv = $sth ? $sth->execute() : undef;
    if (!defined $rv) {
        my $h = $sth || $dbh;
        %r = (%r, %{ error_of($h->err, $h->state, $h->errstr) });
        push @results, \%r;
        last if is_fatal($h->err);
        next;
    }
    $r{ok} = JSON::PP::true;
    if (($sth->{NUM_OF_FIELDS} // 0) > 0) {
        my @rows;
        while (my $row = $sth->fetchrow_hashref) {
            push @rows, { map { ($_ => defined $row->{$_} ? "$row->{$_}" : undef) } keys %$row };
        }
        $r{rows} = \@rows;
    }
    push @results, \%r;
}
$report{statements} = \@results;
$dbh->disconnect;
print $json->encode(\%report), "\n";
