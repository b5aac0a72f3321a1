package dev.orderflow.messaging.http;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The answers every service gives to requests it cannot read, each with a {@link Problem} that says
 * what is wrong: a body that is not JSON or not of the expected shape (400, naming the field), text
 * with a NUL character in the path or a query parameter (400; PostgreSQL cannot store it, so it would
 * otherwise fail as a 500 deep in a query), and any other HTTP-level refusal (404, 405, 415, ...)
 * with its reason instead of an empty body.
 */
public class BadRequests {

    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?\\[Source: [^]]*][^)]*\\)?");

    @ServerRequestFilter(preMatching = true)
    public Response noNulInTheAddress(UriInfo uri) {
        if (hasNul(uri.getPath()) || uri.getQueryParameters().values().stream().flatMap(List::stream).anyMatch(BadRequests::hasNul)) {
            return Problem.response(Response.Status.BAD_REQUEST, TextWithoutNul.REASON + " (request path or query)");
        }
        return null;
    }

    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        Response refusal = e.getResponse();
        if (refusal.hasEntity()) {
            return refusal;
        }
        Response.StatusType status = refusal.getStatusInfo();
        String detail = e.getCause() instanceof JsonProcessingException json ? describe(json) : e.getMessage();
        return Problem.response(status.getStatusCode(), status.getReasonPhrase(), detail);
    }

    /** A body of the wrong shape (Quarkus hands this one over as it is, the rest wrapped as above). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return Problem.response(Response.Status.BAD_REQUEST, describe(e));
    }

    /** What is wrong with a JSON body, in the terms of the API (field paths, JSON types), not of its Java classes. */
    static String describe(JsonProcessingException e) {
        if (e instanceof TextWithoutNul.NulInText nul) {
            return at(nul) + TextWithoutNul.REASON;
        }
        if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
            return at(invalid) + invalid.getCause().getMessage();
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return at(mismatch) + "expected " + expected(mismatch.getTargetType());
        }
        if (e instanceof StreamReadException read && read.getLocation() != null) {
            return "malformed JSON at line " + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr()
                    + ": " + plain(read.getOriginalMessage());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return at(mapping) + plain(e.getOriginalMessage());
        }
        return "malformed JSON: " + plain(e.getOriginalMessage());
    }

    private static String at(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? "" : (path.startsWith(".") ? path.substring(1) : path) + ": ";
    }

    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == short.class || type == Short.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        return "a value of another shape";
    }

    private static String plain(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        return SOURCE.matcher(first).replaceAll("");
    }

    private static boolean hasNul(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }
}
