package dev.echolab.web;

import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may do what: every call that changes state (POST, PUT, PATCH, DELETE, on any path) needs HTTP Basic as
 * {@code echo.api.username} / {@code echo.api.password}, from this app's own pages or a client that is not a
 * browser; everything else (the API's GETs, the console, health, info, prometheus) is open and never looks at an
 * Authorization header, so a wrong one costs nothing there.
 */
@Configuration
@EnableConfigurationProperties(ApiProperties.class)
class SecurityConfig {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** As a bean, the one provider of the app's AuthenticationManager (and Spring Boot's default user backs off). */
    @Bean
    ApiCredentials apiCredentials(ApiProperties properties, ProblemResponses problems) {
        return ApiCredentials.of(properties, new FailedAttempts(problems));
    }

    /** Checked in this order: another site's request (403, 415), too many wrong passwords (429), the password. */
    @Bean
    @Order(1)
    SecurityFilterChain mutatingCalls(
            HttpSecurity http,
            ApiCredentials credentials,
            ProblemResponses problems,
            ProblemAuthenticationEntryPoint entryPoint)
            throws Exception {
        return stateless(http)
                .securityMatcher(request -> MUTATING.contains(request.getMethod()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .addFilterBefore(new CrossSiteRequestFilter(problems), BasicAuthenticationFilter.class)
                .addFilterBefore(credentials.attempts(), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(entryPoint))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        return stateless(http)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .build();
    }

    private static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http
                // Spring's CSRF tokens guard cookie sessions; this app keeps none. Its own guard against other sites
                // is CrossSiteRequestFilter, which also covers the Basic credentials a browser caches.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .headers(Customizer.withDefaults());
    }
}
