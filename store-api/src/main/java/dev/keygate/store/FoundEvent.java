package dev.keygate.store;

/**
 * An event as {@link EventStore#search} finds it, with what the store knows about it when it is read: the owner of its
 * aggregate (see {@link EventStore#search}) and the display name of the user who caused it. Both come from the
 * objects as they are now: a removed object's events have no owner, a removed actor's no name (null).
 */
public record FoundEvent(StoredEvent event, String resourceOwner, String actorName) {}
