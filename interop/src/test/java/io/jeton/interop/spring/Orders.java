package io.jeton.interop.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The protected API of every Spring test app: who the token says the caller is. */
@RestController
public class Orders {
  @GetMapping("/orders/whoami")
  public Map<String, Object> whoami(@AuthenticationPrincipal Jwt jwt, Authentication authentication) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sub", jwt.getSubject());
    out.put("aud", jwt.getAudience());
    out.put("typ", jwt.getHeaders().get("typ"));
    out.put("authorities", authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted()
        .toList());
    return out;
  }
}
