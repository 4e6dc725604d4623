package dev.accounts.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The revision of a public event's JSON form. It changes only with a breaking change, which then
 * comes with an upcaster, so that events stored at an older revision keep loading.
 *
 * <p>Plain Java on purpose: this module carries no framework, and the services that serialize events
 * resolve the revision from this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventRevision {

    /** The revision, such as {@code "1"}. */
    String value();
}
