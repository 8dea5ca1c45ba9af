package dev.echolab.shards;

/**
 * What a generator that joined is told: its round and index. Field names are part of the API.
 *
 * @param group  the group
 * @param round  the round it joined
 * @param index  its index, from 0 (the one it asked for, or the one it was given)
 * @param shards N
 */
public record Membership(String group, String round, int index, int shards) {}
