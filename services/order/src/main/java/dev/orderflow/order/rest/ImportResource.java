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
import org.jboss.resteasy.reactive.RestStreamElementType;

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
     * How far the import is now, then again every {@code interval} (1 s by default) as Server-Sent
     * Events, until it is completed (the last event) — what the command's progress bar shows, for any
     * client. An import that is not there is answered 404 before the stream starts.
     */
    @GET
    @Path("/{id}/progress")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @ExistingImport
    public Multi<ImportDto.View> follow(@PathParam("id") String id,
                                        @QueryParam("interval") @DefaultValue("PT1S") String interval) {
        Duration every = every(interval);
        io.vertx.core.Context request = io.vertx.core.Vertx.currentContext();
        Multi<ImportDto.View> views = Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(every)
                .onOverflow().drop()
                .emitOn(task -> request.runOnContext(ignored -> task.run()))
                .onItem().transformToUniAndConcatenate(tick -> imports.progress(id).map(ImportDto.View::of));
        return Multi.createFrom().emitter(emitter -> {
            var subscription = views.subscribe().with(view -> {
                emitter.emit(view);
                if (view.status() == Import.Status.COMPLETED) {
                    emitter.complete();
                }
            }, emitter::fail, emitter::complete);
            emitter.onTermination(subscription::cancel);
        });
    }

    private static Duration every(String interval) {
        try {
            Duration every = Duration.parse(interval);
            if (every.compareTo(Duration.ofMillis(200)) < 0 || every.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new jakarta.ws.rs.BadRequestException("interval must be between PT0.2S and PT1M, not " + interval);
            }
            return every;
        } catch (java.time.format.DateTimeParseException e) {
            throw new jakarta.ws.rs.BadRequestException("interval must be an ISO-8601 duration like PT1S, not " + interval);
        }
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
        return imports.find(id).chain(i -> {
            Iterator<ImportFile.Chunk> chunks = files.chunks(i.format(), part == null ? "" : part, from, chunkSize);
            return readOn(i, from, chunks, Room.UNKNOWN);
        }).map(read -> {
            // The import's counts as they are now; its orders by status are for GET (they cost a count over all of them).
            Response.ResponseBuilder answer = Response.ok(ImportDto.View.of(read.imported()));
            return (read.unfinished() ? answer.header("Retry-After", "1") : answer).build();
        });
    }

    /** Where a part got to: the import after its last chunk, and whether the part was left unfinished for want of room. */
    private record Read(Import imported, boolean unfinished) {
    }

    /**
     * Orders under way as last counted, plus those placed since: the count is taken again only when
     * this reaches the limit (orders ending meanwhile only make it an overestimate).
     */
    private record Room(long underWay) {
        static final Room UNKNOWN = new Room(Long.MAX_VALUE);
    }

    /** Reads chunk after chunk, the first after line {@code from}, while there is room. */
    private Uni<Read> readOn(Import current, long from, Iterator<ImportFile.Chunk> chunks, Room room) {
        if (!chunks.hasNext()) {
            return Uni.createFrom().item(new Read(current, false));
        }
        ImportFile.Chunk chunk = chunks.next();
        Uni<Room> enough = room.underWay() < maxUnderWay ? Uni.createFrom().item(room) : room(Instant.now().plus(waitForRoom));
        return enough.chain(found -> found == null ? Uni.createFrom().item(new Read(current, true))
                : imports.read(current.id(), from, chunk.lines(), chunk.lastLine())
                        .chain(read -> readOn(read, read.linesRead(), chunks,
                                new Room(found.underWay() + read.placed() - current.placed()))));
    }

    /** The orders under way once fewer than the limit, or null if they stay at the limit until {@code giveUp}. */
    private Uni<Room> room(Instant giveUp) {
        return imports.underWay().chain(n -> n < maxUnderWay ? Uni.createFrom().item(new Room(n))
                : Instant.now().isAfter(giveUp) ? Uni.createFrom().nullItem()
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
