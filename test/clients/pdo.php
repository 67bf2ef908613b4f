<?php
// PHP PDO_MySQL (mysqlnd) driver for the shared client contract (see test/helpers/run-client.ts).
// argv[1]: {"host","port","user","password","canHandleExpired","statements","ssl"?}; prints one JSON line.
// PDO has no way to send bit 22 (CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS).
// "ssl": true sets PDO::MYSQL_ATTR_SSL_CIPHER (any ssl option makes mysqlnd ask for TLS; a cipher list
// needs no file) and PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => false (MYSQL_ATTR_SSL_VERIFY_SERVER_CERT alone
// does not turn TLS on). Without it PDO uses no TLS and caching_sha2 full auth goes over RSA.
// PDO reports connect errors as "SQLSTATE[HY000] [code] message" whatever the server's SQLSTATE.
declare(strict_types=1);
// Warnings must not reach stdout, which carries exactly one JSON line.
ini_set('display_errors', 'stderr');

$args = json_decode($argv[1], true, 512, JSON_THROW_ON_ERROR);
if ($args['canHandleExpired']) {
    echo json_encode(['client' => 'pdo', 'notApplicable' => 'PDO_MySQL has no option to send CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS']), "\n";
    exit(0);
}
$report = ['client' => 'pdo'];

function cell($v) { return $v === null ? null : (string)$v; }
function is_fatal(int $code): bool { return $code >= 2000 && $code < 3000; }

/** "SQLSTATE[HY000] [1862] text" (connect) or errorInfo [state, code, text] (statements). */
function error_of(PDOException $e): array {
    $info = $e->errorInfo;
    if (is_array($info) && isset($info[1])) {
        return ['ok' => false, 'code' => (int)$info[1], 'sqlState' => (string)$info[0], 'message' => (string)$info[2]];
    }
    if (preg_match('/^SQLSTATE\[(\w+)\] \[(\d+)\] (.*)$/s', $e->getMessage(), $m)) {
        return ['ok' => false, 'code' => (int)$m[2], 'sqlState' => $m[1], 'message' => $m[3]];
    }
    return ['ok' => false, 'sqlState' => (string)$e->getCode(), 'message' => $e->getMessage()];
}

$dsn = sprintf('mysql:host=%s;port=%d', $args['host'], (int)$args['port']);
$options = [
    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
    PDO::ATTR_TIMEOUT => 10,
    PDO::ATTR_EMULATE_PREPARES => true,
];
if (!empty($args['ssl'])) {
    $options[PDO::MYSQL_ATTR_SSL_CIPHER] = 'DEFAULT';
    $options[PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT] = false;
}
try {
    $db = new PDO($dsn, $args['user'], $args['password'], $options);
} catch (PDOException $e) {
    $report['connect'] = error_of($e);
    $report['statements'] = [];
    echo json_encode($report), "\n";
    exit(0);
}
$report['connect'] = ['ok' => true];
$results = [];
foreach ($args['statements'] as $sql) {
    $r = ['sql' => $sql];
    try {
        $st = $db->query($sql);
        $r['ok'] = true;
        if ($st->columnCount() > 0) {
            $r['rows'] = array_map(fn ($row) => array_map('cell', $row), $st->fetchAll(PDO::FETCH_ASSOC));
        }
        $st->closeCursor();
        $results[] = $r;
    } catch (PDOException $e) {
        $r += error_of($e);
        $results[] = $r;
        if (isset($r['code']) && is_fatal($r['code'])) break;
    }
}
$report['statements'] = $results;
$db = null;
echo json_encode($report), "\n";
