package dev.allotment.depot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads {@code owner.uid} from the start of a record that may be truncated or otherwise unreadable, so that a
 * broken entry can still be matched to its reservation. A uid is returned only if its string was complete.
 */
final class OwnerUidSalvager {
    private static final JsonFactory FACTORY = new JsonFactory();

    private OwnerUidSalvager() {
    }

    static String from(byte[] content) {
        if (content == null || content.length == 0) {
            return null;
        }
        try (JsonParser parser = FACTORY.createParser(content)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("owner".equals(field) && value == JsonToken.START_OBJECT) {
                    return uidInside(parser);
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static String uidInside(JsonParser parser) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("uid".equals(field) && value == JsonToken.VALUE_STRING) {
                return parser.getText();
            }
            parser.skipChildren();
        }
        return null;
    }
}
