package gov.cluster.searchnode;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One OpenSearch 2.19 node on 127.0.0.1 for tests and the demo; started by infra/search-node/run.
 *
 * <pre>
 * java -Xms512m -Xmx512m -XX:+UseSerialGC -cp target/classes:$(cat target/classpath.txt) \
 *     gov.cluster.searchnode.SearchNode [--http-port 9250] [--transport-port 9350] \
 *     [--base-path DIR] [--cluster-name search-node] [--owner-pid PID]
 * </pre>
 *
 * Options fall back to SEARCH_NODE_PORT, SEARCH_NODE_TRANSPORT_PORT, SEARCH_NODE_BASE_PATH,
 * SEARCH_NODE_CLUSTER_NAME and SEARCH_NODE_OWNER_PID. The base path (data, logs, config) is a
 * throwaway directory, a new temporary one unless given, and is deleted when the node stops
 * (SIGTERM / SIGINT / the owner process exiting). With --owner-pid the node stops itself when
 * that process is gone, so a crashed test run does not leave it behind.
 */
public final class SearchNode {

    private SearchNode() {
    }

    public static void main(String[] args) throws Exception {
        // Our own shutdown hook closes the node and then log4j; log4j's hook would race it.
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.setProperty("log4j2.shutdownHookEnabled", "false");

        int httpPort = Integer.parseInt(option(args, "--http-port", "SEARCH_NODE_PORT", "9250"));
        int transportPort = Integer.parseInt(
                option(args, "--transport-port", "SEARCH_NODE_TRANSPORT_PORT", String.valueOf(httpPort + 100)));
        String clusterName = option(args, "--cluster-name", "SEARCH_NODE_CLUSTER_NAME", "search-node");
        String ownerPid = option(args, "--owner-pid", "SEARCH_NODE_OWNER_PID", "");
        String base = option(args, "--base-path", "SEARCH_NODE_BASE_PATH", "");
        Path basePath = base.isEmpty() ? Files.createTempDirectory("search-node-") : Paths.get(base);
        Files.createDirectories(basePath);

        OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1); // we pass http.port ourselves; skip the runner's port probing
        CountDownLatch stopped = new CountDownLatch(1);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (!runner.isClosed()) {
                    runner.close();
                }
            } catch (Exception e) {
                System.err.println("search-node: close failed: " + e);
            } finally {
                deleteTree(basePath);
                System.out.println("search-node: stopped, removed " + basePath);
                org.apache.logging.log4j.LogManager.shutdown();
                stopped.countDown();
            }
        }, "search-node-shutdown"));

        runner.onBuild((index, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", String.valueOf(httpPort));
            settings.put("transport.port", String.valueOf(transportPort));
            settings.put("discovery.type", "single-node");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
        }).build(OpenSearchRunner.newConfigs()
                .basePath(basePath.toString())
                .numOfNode(1)
                .baseHttpPort(httpPort - 1) // only used in the runner's "HTTP Port:" line
                .clusterName(clusterName)
                .pluginTypes(SmartcnAnalysisPlugin.class.getName()));

        System.out.println("search-node: started http://127.0.0.1:" + httpPort + " (transport " + transportPort
                + ", base path " + basePath + ")");

        if (!ownerPid.isEmpty()) {
            long pid = Long.parseLong(ownerPid);
            Thread watchdog = new Thread(() -> {
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                System.out.println("search-node: owner process " + pid + " is gone, stopping");
                System.exit(0);
            }, "search-node-owner-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
        }

        stopped.await();
    }

    private static String option(String[] args, String flag, String env, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(flag)) {
                return args[i + 1];
            }
        }
        String value = System.getenv(env);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("search-node: could not remove " + root + ": " + e);
        }
    }
}
