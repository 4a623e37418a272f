package dev.keygate.gateway.service.credential;

import dev.keygate.store.PersonalAccessToken;
import dev.keygate.store.User;

/** A personal access token with its owner, as the verification cache keeps them together. */
public record PatOwner(PersonalAccessToken pat, User user) {}
