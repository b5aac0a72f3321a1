package dev.orderflow.schemagate;

/** A registry subject: with the record-id strategy, group = record namespace, artifact = record name. */
public record Subject(String group, String artifact) implements Comparable<Subject> {

    @Override
    public int compareTo(Subject other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return group + "/" + artifact;
    }
}
