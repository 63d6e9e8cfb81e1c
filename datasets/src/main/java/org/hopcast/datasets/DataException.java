package org.hopcast.datasets;

/**
 * A problem with the user's data or data settings, phrased for the user: it names the file, the line and
 * column (or the setting) and says what to do. Front ends print {@link #getMessage()} and never a stack
 * trace.
 */
public final class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String setting;
    private final long line;
    private final String column;
    private final String hint;
    private final String problem;

    private DataException(String source, long line, String column, String problem, String hint, Throwable cause) {
        this(source, null, line, column, problem, hint, cause);
    }

    private DataException(String source, String setting, long line, String column, String problem, String hint,
            Throwable cause) {
        super(compose(source, line, column, problem, hint), cause);
        this.source = source;
        this.setting = setting;
        this.line = line;
        this.column = column;
        this.hint = hint;
        this.problem = problem;
    }

    /**
     * The same problem placed at {@code line} of {@code source} (a file that was read in parts, as a file of many
     * series is, one series at a time): the part's line becomes the file's; a problem at no line keeps none.
     */
    public DataException at(String source, long line) {
        return new DataException(source, setting, this.line > 0 ? line : -1, column, problem, hint, this);
    }

    /** A problem with a whole file or setting (no particular line or column). */
    public static DataException of(String source, String problem, String hint) {
        return new DataException(source, -1, null, problem, hint, null);
    }

    /** A problem at a line of the file (1-based, the header being line 1), optionally in one column. */
    public static DataException at(String source, long line, String column, String problem, String hint) {
        return new DataException(source, line, column, problem, hint, null);
    }

    /**
     * A problem with a setting, named by its key ({@code split}, {@code in-len}): the message says what is
     * wrong; a front end says where to change it (the command line names the option, the GUI the field).
     */
    public static DataException setting(String setting, String problem, String hint) {
        return new DataException(setting, setting, -1, null, problem, hint, null);
    }

    public static DataException io(String source, String problem, Throwable cause) {
        return new DataException(source, -1, null, problem, null, cause);
    }

    /** The file (or setting) the problem is in. */
    public String source() {
        return source;
    }

    /** The setting at fault ({@code split}, or {@code input/dataset} for two), or null for a problem in a file. */
    public String setting() {
        return setting;
    }

    /** The 1-based line of the file, or -1 when the problem is not at one line. */
    public long line() {
        return line;
    }

    /** The column name, or null. */
    public String column() {
        return column;
    }

    /** What the user can do about it, or null. */
    public String hint() {
        return hint;
    }

    private static String compose(String source, long line, String column, String problem, String hint) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
        }
        if (line > 0) {
            sb.append(sb.length() > 0 ? ", " : "").append("line ").append(line);
            if (line > 1) {
                sb.append(" (data row ").append(line - 1).append(')');
            }
        }
        if (column != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("column '").append(column).append('\'');
        }
        if (sb.length() > 0) {
            sb.append(": ");
        }
        sb.append(problem);
        if (hint != null && !hint.isEmpty()) {
            sb.append(problem.endsWith(".") ? " " : ". ").append(hint);
        }
        return sb.toString();
    }
}
