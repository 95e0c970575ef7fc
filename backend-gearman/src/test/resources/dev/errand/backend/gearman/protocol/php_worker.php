<?php
// A PHP GearmanWorker (Debian php-gearman) serving the functions the Java stub PhpShop declares:
//   php php_worker.php HOST:PORT DIR
// php::reverse, php::append (appends the workload to DIR/append.log), php::hello (JSON {"name","times"} -> {"text"}).
[, $server, $dir] = $argv;
[$host, $port] = explode(':', $server);
$worker = new GearmanWorker();
$worker->addServer($host, (int) $port);
$worker->addFunction('php::reverse', fn($job) => strrev($job->workload()));
$worker->addFunction('php::append', function ($job) use ($dir) {
    file_put_contents("$dir/append.log", $job->workload() . "\n", FILE_APPEND);
    return 'ok';
});
$worker->addFunction('php::hello', function ($job) {
    $in = json_decode($job->workload(), true);
    return json_encode(['text' => implode(' ', array_fill(0, $in['times'], 'hello ' . $in['name']))]);
});
echo "ready\n";
while ($worker->work()) {
}
fwrite(STDERR, "GearmanWorker::work failed: " . $worker->error() . "\n");
exit(1);
