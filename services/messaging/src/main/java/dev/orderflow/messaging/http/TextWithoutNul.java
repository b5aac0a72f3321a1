package dev.orderflow.messaging.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * No text read from a JSON body may contain U+0000: PostgreSQL's text types cannot hold it, so it
 * would be refused by the database (a 500) or, worse, reach another service in an event. Refused
 * while reading the body instead, with the field it was found in (see {@link BadRequests}).
 */
@Singleton
public class TextWithoutNul implements ObjectMapperCustomizer {

    static final String REASON = "text must not contain the NUL character (U+0000)";

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("text-without-nul").addDeserializer(String.class, new Refusing()));
    }

    /** The refusal, as Jackson reports it (with the path of the field). */
    static final class NulInText extends JsonMappingException {
        NulInText(JsonParser parser) {
            super(parser, REASON);
        }
    }

    private static final class Refusing extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            if (text != null && text.indexOf('\0') >= 0) {
                throw new NulInText(parser);
            }
            return text;
        }
    }
}
