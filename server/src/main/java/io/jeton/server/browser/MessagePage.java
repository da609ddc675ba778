package io.jeton.server.browser;

/** What the message template ({@code src/main/jte/message.jte}) shows: a title, a message and an optional detail. */
public record MessagePage(String title, String message, String detail, String stylesheet) {}
