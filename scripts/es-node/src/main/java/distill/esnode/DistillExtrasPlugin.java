package distill.esnode;

import org.apache.lucene.analysis.path.PathHierarchyTokenizer;
import org.apache.lucene.analysis.path.ReversePathHierarchyTokenizer;
import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.bytes.BytesArray;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Stand-ins for two pieces of the Elasticsearch distribution that live in modules not published to Maven Central:
 * the "path_hierarchy" tokenizer (module analysis-common) and the "GET /" info endpoint (module rest-root).
 * Both are thin wrappers: the tokenizer is Lucene's own, the info response has the distribution's shape.
 */
public class DistillExtrasPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService = services.clusterService();
        return List.of();
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        AnalysisProvider<TokenizerFactory> provider = PathHierarchyTokenizerFactory::new;
        return Map.of("path_hierarchy", provider, "PathHierarchy", provider);
    }

    /** Same settings as the analysis-common module's tokenizer: delimiter, replacement, buffer_size, reverse, skip. */
    static final class PathHierarchyTokenizerFactory extends AbstractTokenizerFactory {
        private final char delimiter;
        private final char replacement;
        private final int bufferSize;
        private final boolean reverse;
        private final int skip;

        PathHierarchyTokenizerFactory(org.elasticsearch.index.IndexSettings indexSettings,
                                      org.elasticsearch.env.Environment env, String name, Settings settings) {
            super(indexSettings, settings, name);
            delimiter = oneChar(settings, "delimiter", PathHierarchyTokenizer.DEFAULT_DELIMITER);
            replacement = oneChar(settings, "replacement", delimiter);
            bufferSize = settings.getAsInt("buffer_size", 1024);
            reverse = settings.getAsBoolean("reverse", false);
            skip = settings.getAsInt("skip", PathHierarchyTokenizer.DEFAULT_SKIP);
        }

        private static char oneChar(Settings settings, String key, char fallback) {
            String value = settings.get(key);
            if (value == null) {
                return fallback;
            }
            if (value.length() != 1) {
                throw new IllegalArgumentException(key + " can only be a one char value");
            }
            return value.charAt(0);
        }

        @Override
        public org.apache.lucene.analysis.Tokenizer create() {
            return reverse
                ? new ReversePathHierarchyTokenizer(bufferSize, delimiter, replacement, skip)
                : new PathHierarchyTokenizer(bufferSize, delimiter, replacement, skip);
        }
    }

    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry namedWriteableRegistry,
                                                   RestController restController, ClusterSettings clusterSettings,
                                                   IndexScopedSettings indexScopedSettings, SettingsFilter settingsFilter,
                                                   IndexNameExpressionResolver indexNameExpressionResolver,
                                                   Supplier<DiscoveryNodes> nodesInCluster,
                                                   Predicate<NodeFeature> clusterSupportsFeature) {
        return List.of(new RootInfoHandler(settings));
    }

    /** "GET /" and "HEAD /": name, cluster, version; the shape of the distribution's response. */
    final class RootInfoHandler extends BaseRestHandler {
        private final Settings settings;

        RootInfoHandler(Settings settings) {
            this.settings = settings;
        }

        @Override
        public String getName() {
            return "distill_root_info";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            if (request.method() == RestRequest.Method.HEAD) {
                return channel -> channel.sendResponse(
                    new RestResponse(RestStatus.OK, RestResponse.TEXT_CONTENT_TYPE, BytesArray.EMPTY));
            }
            return channel -> {
                Build build = Build.current();
                XContentBuilder body = channel.newBuilder();
                body.startObject()
                    .field("name", settings.get("node.name"))
                    .field("cluster_name", settings.get("cluster.name"))
                    .field("cluster_uuid", clusterService.state().metadata().clusterUUID())
                    .startObject("version")
                    .field("number", build.qualifiedVersion())
                    .field("build_flavor", build.flavor())
                    .field("build_type", build.type().displayName())
                    .field("build_hash", build.hash())
                    .field("build_date", build.date())
                    .field("build_snapshot", build.isSnapshot())
                    .field("lucene_version", IndexVersion.current().luceneVersion().toString())
                    .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
                    .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
                    .endObject()
                    .field("tagline", "You Know, for Search")
                    .endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, body));
            };
        }
    }
}
