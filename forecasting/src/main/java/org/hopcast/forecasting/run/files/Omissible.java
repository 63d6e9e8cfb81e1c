package org.hopcast.forecasting.run.files;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a run file that is left out (or null) when it does not apply, such as a metrics.json's linear
 * part for a model without a linear path: {@link JsonSchema} lets it be absent, and it reads as null. A field that
 * older runs lack is marked {@link Since} instead.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Omissible {
}
