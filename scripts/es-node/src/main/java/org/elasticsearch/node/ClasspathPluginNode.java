package org.elasticsearch.node;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.MockPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.Collection;
import java.util.Map;

/**
 * A {@link Node} whose plugins are classes on the classpath instead of directories under modules/ and plugins/.
 *
 * This is what the test framework's MockNode does, minus its reference to ESTestCase: touching ESTestCase runs
 * BootstrapForTesting, which refuses to run as root and installs test-only machinery. It lives in this package
 * because NodeConstruction and NodeServiceProvider are package-private. MockPluginsService (test framework) is the
 * PluginsService that instantiates plugin classes from the classpath.
 */
public class ClasspathPluginNode extends Node {

    public ClasspathPluginNode(Settings settings, Collection<Class<? extends Plugin>> plugins) {
        this(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "distill-es"), plugins);
    }

    private ClasspathPluginNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(environment, null, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, PluginsLoader loader) {
                return new MockPluginsService(env.settings(), env, plugins);
            }
        }, true));
    }
}
