package dev.stockcore.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags without which the journal and the runtime cannot start, checked up front so that a missing one is
 * one clear message naming the flag, instead of an {@code IllegalAccessError} from Agrona or a Chronicle stack
 * trace half way through opening the journal.
 * <p>
 * Found by launching a runtime, writing a journal and recovering it on JDK 17 and 25 with each flag of the root
 * pom's {@code stockcore.jvm.flags} left out in turn: only these three make it fail. The others silence warnings
 * or turn off Chronicle's analytics and banner; the full list with a reason for each is in the README under
 * "JVM flags".
 * <table>
 *   <caption>Required flags and what happens without them</caption>
 *   <tr><th>flag</th><th>without it</th></tr>
 *   <tr><td>{@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED}</td>
 *       <td>{@code IllegalAccessError}: Agrona's {@code UnsafeBuffer} cannot reach {@code jdk.internal.misc.Unsafe}</td></tr>
 *   <tr><td>{@code --add-exports=java.base/sun.nio.ch=ALL-UNNAMED}</td>
 *       <td>Chronicle Queue cannot map its files ({@code Failed to acquireByteStore})</td></tr>
 *   <tr><td>{@code --add-opens=java.base/java.lang.reflect=ALL-UNNAMED}</td>
 *       <td>Chronicle Queue cannot make a file channel survive thread interrupts ({@code IllegalAccessException})</td></tr>
 * </table>
 * This class must load and run on a JVM started without any of them: it uses nothing but {@code java.base}, and
 * callers invoke {@link #check(String)} before they touch an Agrona or Chronicle class. It checks the module
 * graph as it is, so exports granted another way (an {@code Add-Exports} manifest entry) count too.
 */
public final class RequiredJvmFlags
{
    /** Where the complete list of flags, with the ones that only silence warnings, is documented. */
    public static final String WHERE_DOCUMENTED = "the README, section \"JVM flags\"";

    private static final Flag[] FLAGS = {
        new Flag("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "jdk.internal.misc", false,
            "Agrona's UnsafeBuffer reads and writes memory through jdk.internal.misc.Unsafe"),
        new Flag("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "sun.nio.ch", false,
            "Chronicle Queue maps its files through sun.nio.ch"),
        new Flag("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "java.lang.reflect", true,
            "Chronicle Queue makes its file channels survive thread interrupts"),
    };

    private RequiredJvmFlags()
    {
    }

    /**
     * @return the required flags, each exactly as it must be written on the {@code java} command line.
     */
    public static List<String> required()
    {
        final List<String> required = new ArrayList<>(FLAGS.length);
        for (final Flag flag : FLAGS)
        {
            required.add(flag.text);
        }
        return required;
    }

    /**
     * @return the required flags this JVM lacks, in the order of {@link #required()}; empty when it has them all.
     */
    public static List<String> missing()
    {
        final List<String> missing = new ArrayList<>(FLAGS.length);
        for (final Flag flag : FLAGS)
        {
            if (!flag.isPresent())
            {
                missing.add(flag.text);
            }
        }
        return missing;
    }

    /**
     * Fails when this JVM lacks a flag the journal needs.
     *
     * @param caller what is being started, for the message ("StockRuntime.launch").
     * @throws IllegalStateException naming each missing flag exactly as it must be written, why it is needed, and
     *                               where the full list is.
     */
    public static void check(final String caller)
    {
        final List<String> missing = missing();
        if (missing.isEmpty())
        {
            return;
        }
        final StringBuilder message = new StringBuilder(caller)
            .append(": this JVM was started without ").append(missing.size() == 1 ? "a flag" : "flags")
            .append(" the stockcore journal needs; add to the java command line:");
        for (final Flag flag : FLAGS)
        {
            if (!flag.isPresent())
            {
                message.append(System.lineSeparator()).append("    ").append(flag.text)
                    .append("    (").append(flag.reason).append(')');
            }
        }
        message.append(System.lineSeparator()).append("The full list of JVM flags, with the reason for each and the ")
            .append("two more for JDK 24 and later, is in ").append(WHERE_DOCUMENTED).append('.');
        throw new IllegalStateException(message.toString());
    }

    /** One exports or opens of {@code java.base} to the unnamed module this class (and Agrona, Chronicle) is in. */
    private static final class Flag
    {
        private final String text;
        private final String packageName;
        private final boolean open;
        private final String reason;

        Flag(final String text, final String packageName, final boolean open, final String reason)
        {
            this.text = text;
            this.packageName = packageName;
            this.open = open;
            this.reason = reason;
        }

        boolean isPresent()
        {
            final Module base = Object.class.getModule();
            final Module self = RequiredJvmFlags.class.getModule();
            return open ? base.isOpen(packageName, self) : base.isExported(packageName, self);
        }
    }
}
