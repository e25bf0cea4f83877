/**
 * Kafka's own rule (Topic.validate): legal characters, at most 249 of them, not "." or "..".
 * `__consumer_offsets` is refused too: offsets live in a map here, and a topic by that name
 * would show up in Metadata, where RegExp subscriptions would match it.
 */
export function isValidTopicName(name: string): boolean {
  return /^[a-zA-Z0-9._-]{1,249}$/.test(name) && name !== '.' && name !== '..' && name !== '__consumer_offsets';
}
