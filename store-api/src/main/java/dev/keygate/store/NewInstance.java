package dev.keygate.store;

/**
 * Everything an instance starts with, written atomically: the instance, its first organization, and optionally the
 * owner user with a PAT and a machine key.
 */
public record NewInstance(Instance instance, Organization firstOrg, User owner, PersonalAccessToken ownerPat,
                          MachineKey ownerKey, Change change) {}
