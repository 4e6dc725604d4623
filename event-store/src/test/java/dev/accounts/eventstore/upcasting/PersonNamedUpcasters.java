package dev.accounts.eventstore.upcasting;

import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import tools.jackson.databind.node.ObjectNode;

/** The upcasters of the example event, declared as a real one is in {@link Upcasters}. */
@Configuration(proxyBeanMethods = false)
public class PersonNamedUpcasters {

    /** Revision 1 → 2: {@code full_name} becomes {@code first_name} (up to the first space) and {@code last_name}. */
    @Bean
    @Order(1)
    EventUpcaster fullNameSplit() {
        return new RevisionUpcaster(PersonNamed.class.getName(), "1", "2") {
            @Override
            protected ObjectNode upcast(ObjectNode payload) {
                String fullName = payload.path("full_name").asString("").strip();
                int space = fullName.indexOf(' ');
                payload.remove("full_name");
                payload.put("first_name", space < 0 ? fullName : fullName.substring(0, space));
                payload.put("last_name", space < 0 ? "" : fullName.substring(space + 1));
                return payload;
            }
        };
    }
}
