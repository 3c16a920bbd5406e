package dev.stockcore.journal;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The flags a test's child JVM needs from the test JVM: module exports/opens and system properties, which is how
 * surefire passes the root pom's Agrona and Chronicle flags, and the JDK 24+ ones. Public, in this module's test
 * jar, for the child-process tests of the modules built on the journal.
 */
public final class ChildJvmFlags
{
    private ChildJvmFlags()
    {
    }

    /**
     * @return this JVM's module and system-property flags, in the order it was given them.
     */
    public static List<String> inherited()
    {
        final List<String> flags = new ArrayList<>();
        final List<String> input = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < input.size(); i++)
        {
            final String flag = input.get(i);
            if ((flag.equals("--add-exports") || flag.equals("--add-opens")) && i + 1 < input.size())
            {
                flags.add(flag);
                flags.add(input.get(++i));
            }
            else if (flag.startsWith("--add-exports") || flag.startsWith("--add-opens") || flag.startsWith("-D") ||
                flag.startsWith("--enable-native-access") || flag.startsWith("--sun-misc"))
            {
                flags.add(flag);
            }
        }
        return flags;
    }
}
