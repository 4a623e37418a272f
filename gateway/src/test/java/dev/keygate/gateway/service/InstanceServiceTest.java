package dev.keygate.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstanceServiceTest {

  @Test
  void domainLabelsFollowZitadelAndStayValidHostNames() {
    assertThat(InstanceService.domainLabel("Acme Corp")).isEqualTo("acme-corp");
    assertThat(InstanceService.domainLabel("  Süd/West GmbH ")).isEqualTo("sdwest-gmbh");
    assertThat(InstanceService.domainLabel("\uD83D\uDE00\uD83D\uDE00")).isEqualTo("instance");
    assertThat(InstanceService.domainLabel("x".repeat(100))).hasSize(56);
    assertThat(InstanceService.domainLabel("a" + " ".repeat(60) + "b")).isEqualTo("a");
  }
}
