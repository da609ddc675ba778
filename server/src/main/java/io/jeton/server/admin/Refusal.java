package io.jeton.server.admin;

/**
 * A request the admin API refuses (a bad parameter, an unknown realm), thrown from deep inside an
 * operation and answered as its {@link Problem} in one place ({@link AdminApi}); like core's
 * {@code AdminFailure}, an exception only because admin calls are rare, never a hot path.
 */
final class Refusal extends RuntimeException {
  private final transient Problem problem;

  Refusal(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  Problem problem() {
    return problem;
  }
}
