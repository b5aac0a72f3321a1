package dev.orderflow.order.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.messaging.http.Caller;
import dev.orderflow.messaging.http.Roles;
import dev.orderflow.order.OrderImports;
import dev.orderflow.order.domain.Import;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Imports of orders from files, for operators. The file stays with the importer, who opens an import
 * with the file's SHA-256 ({@code POST /imports}; the same file again is the same import), sends the
 * file in parts, each from the line the import has read up to ({@code POST /imports/{id}/lines?from=N};
 * the answer says how far it got), and says when the last line is sent
 * ({@code POST /imports/{id}/end?lines=N}). A part from another line is refused (409, with the line to
 * go on from): after a crash of either side the importer asks where the import is and goes on from there.
 * The lines a part carries are read a chunk at a time, and only while the pipeline has room: when it is
 * full for a while the answer comes early (with {@code Retry-After}) and the importer sends the rest again.
 */
@Path("/imports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class ImportResource {

    @Inject
    OrderImports imports;

    @Inject
    SecurityIdentity identity;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    Vertx vertx;

    /** Orders per chunk: one transaction, one insert, one outbox batch. */
    @ConfigProperty(name = "orderflow.order.imports.chunk-size", defaultValue = "1000")
    int chunkSize;

    /** An import reads on while fewer orders than this (of any channel) are under way. */
    @ConfigProperty(name = "orderflow.order.imports.max-under-way", defaultValue = "2000")
    long maxUnderWay;

    /** How long a part waits for room in the pipeline before it is answered with what it has read so far. */
    @ConfigProperty(name = "orderflow.order.imports.wait-for-room", defaultValue = "PT5S")
    Duration waitForRoom;

    private ImportFile files;

    @PostConstruct
    void init() {
        files = new ImportFile(json, validator);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> open(@NotNull @Valid ImportDto.Open request) {
        return imports.open(request.name(), ImportFile.format(request.format()), request.sha256(), Caller.of(identity).subject())
                .chain(opened -> imports.progress(opened.imported().id()).map(p -> (opened.created()
                        ? Response.created(URI.create("/imports/" + p.of().id())) : Response.ok())
                        .entity(ImportDto.View.of(p)).build()));
    }

    @GET
    @Path("/{id}")
    public Uni<ImportDto.View> get(@PathParam("id") String id) {
        return imports.progress(id).map(ImportDto.View::of);
    }

    /**
     * Reads a part of the file: the lines after line {@code from} ({@code application/x-ndjson} or
     * {@code text/csv}, as the import was opened; a CSV part starts with the header row).
     */
    @POST
    @Path("/{id}/lines")
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> lines(@PathParam("id") String id,
                               @QueryParam("from") @NotNull(message = "from (the lines of the file before this part) is required")
                               @Min(0) Long from,
                               String part) {
        return imports.progress(id).chain(p -> {
            Iterator<ImportFile.Chunk> chunks = files.chunks(p.of().format(), part == null ? "" : part, from, chunkSize);
            return readOn(id, from, chunks);
        }).chain(more -> imports.progress(id).map(p -> {
            Response.ResponseBuilder answer = Response.ok(ImportDto.View.of(p));
            return (more ? answer.header("Retry-After", "1") : answer).build();
        }));
    }

    /** Reads chunk after chunk while there is room; true if the part was left unfinished for want of room. */
    private Uni<Boolean> readOn(String id, long from, Iterator<ImportFile.Chunk> chunks) {
        if (!chunks.hasNext()) {
            return Uni.createFrom().item(false);
        }
        ImportFile.Chunk chunk = chunks.next();
        return room(Instant.now().plus(waitForRoom)).chain(room -> !room ? Uni.createFrom().item(true)
                : imports.read(id, from, chunk.lines(), chunk.lastLine()).chain(read -> readOn(id, read.linesRead(), chunks)));
    }

    private Uni<Boolean> room(Instant giveUp) {
        return imports.underWay().chain(n -> n < maxUnderWay ? Uni.createFrom().item(true)
                : Instant.now().isAfter(giveUp) ? Uni.createFrom().item(false)
                : Uni.createFrom().<Long>emitter(e -> vertx.setTimer(250, e::complete)).chain(() -> room(giveUp)));
    }

    /** Says that the file is in: its last line ({@code lines}) is the last the import has read. */
    @POST
    @Path("/{id}/end")
    @Consumes(MediaType.WILDCARD)
    public Uni<ImportDto.View> end(@PathParam("id") String id,
                                   @QueryParam("lines") @NotNull(message = "lines (how many lines the file has) is required")
                                   @Min(0) Long lines) {
        return imports.end(id, lines).chain(ended -> imports.progress(id)).map(ImportDto.View::of);
    }

    /** The lines the import did not place, with the reason, as CSV ({@code line,externalId,reason}), in file order. */
    @GET
    @Path("/{id}/errors")
    @Produces("text/csv")
    public Multi<String> errors(@PathParam("id") String id,
                                @QueryParam("pageSize") @DefaultValue("5000") @Min(1) @Max(10_000) int pageSize) {
        return imports.refusals(id, 0, pageSize).toMulti().onItem().transformToMultiAndConcatenate(first ->
                Multi.createBy().concatenating().streams(Multi.createFrom().item("line,externalId,reason\n"),
                        pages(id, first, pageSize)));
    }

    private Multi<String> pages(String id, List<dev.orderflow.order.domain.ImportLine.Refused> page, int pageSize) {
        if (page.isEmpty()) {
            return Multi.createFrom().empty();
        }
        StringBuilder csv = new StringBuilder();
        page.forEach(r -> csv.append(r.line()).append(',').append(Csv.cell(r.externalId())).append(',')
                .append(Csv.cell(r.reason())).append('\n'));
        long last = page.get(page.size() - 1).line();
        Multi<String> rest = page.size() < pageSize ? Multi.createFrom().empty()
                : imports.refusals(id, last, pageSize).toMulti().onItem().transformToMultiAndConcatenate(next -> pages(id, next, pageSize));
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(csv.toString()), rest);
    }

    /** A CSV cell, quoted when it needs to be. */
    private static final class Csv {
        static String cell(String value) {
            if (value == null) {
                return "";
            }
            if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
                return value;
            }
            return '"' + value.replace("\"", "\"\"") + '"';
        }
    }
}
