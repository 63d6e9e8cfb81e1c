package org.hopcast.forecasting.run.files;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a run file that was added after runs had been written without it: {@link JsonSchema} lets it be
 * absent (it then reads as 0 or false), so older runs keep loading. Its documentation says what 0 means.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Since {
    /** The change that added it, for the reader. */
    String value();
}
