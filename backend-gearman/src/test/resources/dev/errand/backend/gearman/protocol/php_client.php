<?php
// A PHP GearmanClient (Debian php-gearman) calling one function:
//   php php_client.php HOST:PORT normal|task|background FUNCTION WORKLOAD
// normal (doNormal) and task (addTask + runTasks, with callbacks): print the result (exit 0), or "FAIL: <warnings>"
// when the job failed (exit 2); doNormal passes over WORK_WARNING packets, so only the task API sees their text.
// background: prints the job handle.
[, $server, $mode, $function, $workload] = $argv;
[$host, $port] = explode(':', $server);
$client = new GearmanClient();
$client->addServer($host, (int) $port);
$client->setTimeout(30000);
if ($mode === 'background') {
    $handle = $client->doBackground($function, $workload);
    if ($client->returnCode() != GEARMAN_SUCCESS) {
        fwrite(STDERR, "doBackground failed: " . $client->error() . "\n");
        exit(1);
    }
    echo $handle;
    exit(0);
}
if ($mode === 'task') {
    $warnings = '';
    $failed = false;
    $result = null;
    $client->setWarningCallback(function ($task) use (&$warnings) { $warnings .= $task->data(); });
    $client->setFailCallback(function ($task) use (&$failed) { $failed = true; });
    $client->setCompleteCallback(function ($task) use (&$result) { $result = $task->data(); });
    $client->addTask($function, $workload);
    if (!$client->runTasks()) {
        fwrite(STDERR, "runTasks failed: " . $client->error() . "\n");
        exit(1);
    }
    echo $failed ? "FAIL: " . $warnings : $result;
    exit($failed ? 2 : 0);
}
// doNormal returns early for WORK_DATA and WORK_WARNING packets: call it again until the job ends.
$warnings = '';
do {
    $result = $client->doNormal($function, $workload);
    switch ($client->returnCode()) {
        case GEARMAN_WORK_WARNING:
            $warnings .= $result;
            break;
        case GEARMAN_WORK_DATA:
        case GEARMAN_WORK_STATUS:
        case GEARMAN_SUCCESS:
            break;
        case GEARMAN_WORK_FAIL:
            echo "FAIL: " . $warnings;
            exit(2);
        default:
            fwrite(STDERR, "doNormal failed: " . $client->error() . "\n");
            exit(1);
    }
} while ($client->returnCode() != GEARMAN_SUCCESS);
echo $result;
