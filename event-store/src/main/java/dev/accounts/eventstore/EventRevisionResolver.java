package dev.accounts.eventstore;

import dev.accounts.events.EventRevision;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;

/**
 * Reads a payload's revision from {@link EventRevision}, the framework-free annotation of the public
 * contract, and falls back to Axon's own {@code @Revision} for anything else.
 */
class EventRevisionResolver implements RevisionResolver {

    private final RevisionResolver axonAnnotations = new AnnotationRevisionResolver();

    @Override
    public String revisionOf(Class<?> payloadType) {
        EventRevision revision = payloadType.getAnnotation(EventRevision.class);
        return revision != null ? revision.value() : axonAnnotations.revisionOf(payloadType);
    }
}
