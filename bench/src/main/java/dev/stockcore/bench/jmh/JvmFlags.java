package dev.stockcore.bench.jmh;

import java.util.ArrayList;
import java.util.List;

/**
 * The root pom's {@code stockcore.jvm.flags}, as compile-time constants, because JMH's {@code @Fork(jvmArgsAppend)}
 * takes nothing else. {@code JvmFlagsTest} checks them against the list the build writes to
 * {@code bench/target/jvm-options}, so that the two cannot drift: change the pom, then this class.
 */
public final class JvmFlags
{
    /** Agrona 2.6.0's {@code UnsafeBuffer} needs {@code jdk.internal.misc.Unsafe}. */
    public static final String EXPORT_INTERNAL_MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    /** Chronicle Queue: hard requirement. */
    public static final String EXPORT_NIO_CH = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    /** Chronicle Queue: hard requirement. */
    public static final String OPEN_LANG_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    /** Chronicle: some code paths. */
    public static final String EXPORT_INTERNAL_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    /** Chronicle: some code paths. */
    public static final String EXPORT_SUN_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    /** Chronicle's runtime compiler: silences warnings. */
    public static final String EXPORT_JAVAC_FILE = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    /** Chronicle's runtime compiler: silences warnings. */
    public static final String OPEN_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    /** Chronicle: some code paths. */
    public static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    /** Chronicle: some code paths. */
    public static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    /** Chronicle: some code paths. */
    public static final String OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    /** Chronicle: no analytics. */
    public static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** Chronicle: no banner. */
    public static final String NO_ANNOUNCER = "-Dchronicle.announcer.disable=true";

    /** Added on JDK 24 and later only: the option does not exist on 17. */
    public static final String ENABLE_NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    /** Added on JDK 24 and later only: Chronicle and JMH 1.37 break under {@code deny}. */
    public static final String ALLOW_UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";

    /** Chronicle logs INFO lines through SLF4J (library loaded, file mapped) that drown JMH's output. */
    public static final String WARN_LOG_LEVEL = "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn";

    private JvmFlags()
    {
    }

    /**
     * @return the pom's {@code stockcore.jvm.flags}, in its order.
     */
    public static List<String> pomFlags()
    {
        return List.of(EXPORT_INTERNAL_MISC, EXPORT_NIO_CH, OPEN_LANG_REFLECT, EXPORT_INTERNAL_REF, EXPORT_SUN_MISC,
            EXPORT_JAVAC_FILE, OPEN_JAVAC, OPEN_LANG, OPEN_IO, OPEN_UTIL, NO_ANALYTICS, NO_ANNOUNCER);
    }

    /**
     * @return the flags a JVM of the running JDK's version needs: the pom's, plus the JDK 24+ ones on 24 and later.
     */
    public static List<String> forRunningJdk()
    {
        final List<String> flags = new ArrayList<>(pomFlags());
        if (Runtime.version().feature() >= 24)
        {
            flags.add(ENABLE_NATIVE_ACCESS);
            flags.add(ALLOW_UNSAFE_MEMORY_ACCESS);
        }
        return flags;
    }

    /**
     * @return what the CLI gives JMH forks: {@link #forRunningJdk()} and SLF4J's level at warn.
     */
    public static List<String> forForks()
    {
        final List<String> flags = forRunningJdk();
        flags.add(WARN_LOG_LEVEL);
        return flags;
    }
}
