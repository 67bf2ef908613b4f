<?php
// PHP mysqli (mysqlnd) driver for the shared client contract (see test/helpers/run-client.ts).
// argv[1]: {"host","port","user","password","canHandleExpired","statements","ssl"?}; prints one JSON line.
// Opt-in to bit 22: the MYSQLI_CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS flag on real_connect.
// mysqlnd uses TLS only when asked; without "ssl" caching_sha2 full auth goes over RSA. "ssl": true
// adds MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT (no certificate verification).
declare(strict_types=1);
// Warnings must not reach stdout, which carries exactly one JSON line.
ini_set('display_errors', 'stderr');
mysqli_report(MYSQLI_REPORT_OFF);

$args = json_decode($argv[1], true, 512, JSON_THROW_ON_ERROR);
$report = ['client' => 'mysqli'];

function cell($v) { return $v === null ? null : (string)$v; }
function is_fatal(int $code): bool { return $code >= 2000 && $code < 3000; }

$db = mysqli_init();
$db->options(MYSQLI_OPT_CONNECT_TIMEOUT, 10);
$db->options(MYSQLI_OPT_READ_TIMEOUT, 10);
$flags = $args['canHandleExpired'] ? MYSQLI_CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS : 0;
if (!empty($args['ssl'])) $flags |= MYSQLI_CLIENT_SSL | MYSQLI_CLIENT_SSL_DONT_VERIFY_SERVER_CERT;
$ok = @$db->real_connect($args['host'], $args['user'], $args['password'], null, (int)$args['port'], null, $flags);
if (!$ok) {
    $connect = ['ok' => false, 'code' => mysqli_connect_errno(), 'message' => mysqli_connect_error()];
    try {
        $state = $db->sqlstate;
        if (is_string($state) && $state !== '') $connect['sqlState'] = $state;
    } catch (Throwable $e) {
        // The handle is not usable after a failed connect: no SQLSTATE to report.
    }
    $report['connect'] = $connect;
    $report['statements'] = [];
    echo json_encode($report), "\n";
    exit(0);
}
$report['connect'] = ['ok' => true];
$results = [];
foreach ($args['statements'] as $sql) {
    $r = ['sql' => $sql];
    $res = @$db->query($sql);
    if ($res === false) {
        $r += ['ok' => false, 'code' => $db->errno, 'sqlState' => $db->sqlstate, 'message' => $db->error];
        $results[] = $r;
        if (is_fatal($db->errno)) break;
        continue;
    }
    $r['ok'] = true;
    if ($res instanceof mysqli_result) {
        $rows = [];
        while (($row = $res->fetch_assoc()) !== null) $rows[] = array_map('cell', $row);
        $r['rows'] = $rows;
        $res->free();
    }
    $results[] = $r;
}
$report['statements'] = $results;
@$db->close();
echo json_encode($report), "\n";
