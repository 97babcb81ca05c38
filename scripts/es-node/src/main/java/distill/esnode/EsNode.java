package distill.esnode;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathPluginNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Elasticsearch for tests, built only from Maven Central artifacts.
 *
 * Usage: java -cp ... distill.esnode.EsNode <homeDir> <httpPort|0>
 *
 * The node is a {@link ClasspathPluginNode}: a plain Node whose plugins are classes on the classpath.
 * Netty4Plugin provides the real HTTP layer; DistillExtrasPlugin provides what normally lives in modules that are
 * not published to Maven Central (the path_hierarchy tokenizer and the "GET /" info endpoint).
 * Once HTTP is bound, the port is written to <homeDir>/http.port.
 */
public final class EsNode {

    public static void main(String[] args) throws Exception {
        // The node is closed by our own shutdown hook below; log4j's hook would stop logging before that.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
        Path home = Path.of(args.length > 0 ? args[0] : ".data").toAbsolutePath();
        String port = args.length > 1 ? args[1] : "9200";
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));

        Settings settings = Settings.builder()
            .put("cluster.name", "distill-test")
            .put("node.name", "distill-es")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", "0")
            .put("discovery.type", "single-node")
            // a test node: never turn indices read-only because the disk is nearly full
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false)
            .build();

        // Elasticsearch's logging facade over log4j; log4j itself is set up by log4j2.properties (console).
        LogConfigurator.configureESLogging();
        Node node = new ClasspathPluginNode(settings, List.of(Netty4Plugin.class, DistillExtrasPlugin.class));
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Throwable e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "es-node-shutdown"));

        try {
            node.start();
        } catch (Exception e) { // e.g. the HTTP port is taken: exit instead of idling with the node's threads
            e.printStackTrace();
            System.exit(1);
        }
        int boundPort = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
        Path portFile = home.resolve("http.port");
        Path tmp = home.resolve("http.port.tmp");
        Files.writeString(tmp, boundPort + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, portFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("distill es-node: HTTP on 127.0.0.1:" + boundPort);
        closed.await();
    }
}
