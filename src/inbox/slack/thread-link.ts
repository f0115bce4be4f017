/**
 * The address of a case's thread in Slack, from its channel and the ts of its parent message (Slack's
 * permalink form: /archives/<channel>/p<ts without the dot>). With `openThread`, the link opens the
 * thread itself, which also works when its parent (a deleted case card) is gone. No Web API call
 * (chat.getPermalink) is needed, so a link costs nothing and cannot fail. Undefined for anything that is
 * not a channel id and a message ts, so nothing else is ever turned into a link.
 */
export function slackThreadLink(
  channel: string,
  ts: string,
  options: { openThread?: boolean } = {},
): string | undefined {
  if (!/^[CG][A-Z0-9]+$/.test(channel) || !/^\d+\.\d+$/.test(ts)) return undefined;
  const link = `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  return options.openThread ? `${link}?thread_ts=${ts}&cid=${channel}` : link;
}
