package dev.accounts.eventstore.upcasting;

import java.util.Objects;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON of one event type stored at one revision into the JSON of the next revision. Events of other
 * types or revisions pass untouched, so a chain of these (1 → 2, 2 → 3, ...) brings any stored revision up to
 * today's.
 *
 * <p>The payload is a Jackson 3 {@link ObjectNode}: the event serializer is Axon's {@code jackson3} one, whose
 * converters read stored bytes into {@code tools.jackson} nodes (a Jackson 2 node would find no converter).
 */
public abstract class RevisionUpcaster extends SingleEventUpcaster {

    private final String payloadType;
    private final String fromRevision;
    private final SerializedType upcastType;

    /**
     * @param payloadType  the event's class name as stored in {@code payload_type}
     * @param fromRevision the revision this upcaster reads
     * @param toRevision   the revision it writes
     */
    protected RevisionUpcaster(String payloadType, String fromRevision, String toRevision) {
        this.payloadType = Objects.requireNonNull(payloadType);
        this.fromRevision = Objects.requireNonNull(fromRevision);
        this.upcastType = new SimpleSerializedType(payloadType, Objects.requireNonNull(toRevision));
    }

    /** The event's JSON at the next revision, built from its JSON at {@code fromRevision} (which it may change). */
    protected abstract ObjectNode upcast(ObjectNode payload);

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return payloadType.equals(representation.getType().getName())
                && fromRevision.equals(representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(upcastType, ObjectNode.class, this::upcast);
    }
}
