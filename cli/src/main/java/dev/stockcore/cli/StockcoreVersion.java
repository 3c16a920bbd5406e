package dev.stockcore.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code stockcore --version}: the build's version from the {@code pom.properties} Maven puts in the jar
 * ("development build" when run from classes), and the JVM running it.
 */
final class StockcoreVersion implements IVersionProvider
{
    private static final String POM_PROPERTIES = "/META-INF/maven/dev.stockcore/stockcore-cli/pom.properties";

    @Override
    public String[] getVersion()
    {
        return new String[] {
            "stockcore " + buildVersion(),
            "JVM " + System.getProperty("java.vm.name") + " " + Runtime.version() };
    }

    private static String buildVersion()
    {
        try (InputStream in = StockcoreVersion.class.getResourceAsStream(POM_PROPERTIES))
        {
            if (in == null)
            {
                return "(development build)";
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "(unknown version)");
        }
        catch (final IOException ex)
        {
            return "(unknown version: " + ex.getMessage() + ")";
        }
    }
}
