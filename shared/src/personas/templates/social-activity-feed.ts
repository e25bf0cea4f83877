import type { PersonaDefinitionInput } from '../persona-definition.js';

/**
 * Social media activity feed: follow graph, posts and replies, reactions and
 * notifications. The home feed is assembled at read time ("fan-out on read") with one
 * short index range per followed account, which keeps writes cheap and reads bounded by
 * LIMIT; every foreign key that cascades on account or post deletion is covered by an index.
 */
export const socialActivityFeed: PersonaDefinitionInput = {
  personaId: 'social-activity-feed',
  version: 1,
  name: 'Social media activity feed',
  description:
    'Activity feed of a mid-size social network: about 1 million accounts, 50 million follows, 60 million posts, 200 million reactions and 100 million notifications ' +
    '(notifications older than 90 days are purged by a nightly job). Home feeds are built on read from the follow graph; profile, thread, follower and ' +
    'notification views are index range scans ordered by their sort key. Account erasure cascades through every table.',
  initialSchema: {
    schemaName: 'social',
    enumTypes: [
      { name: 'post_visibility', values: ['public', 'followers', 'private'] },
      { name: 'reaction_kind', values: ['like', 'love', 'laugh', 'sad', 'angry'] },
      { name: 'notification_kind', values: ['follow', 'reaction', 'reply', 'mention'] },
    ],
    tables: [
      {
        name: 'users',
        description: 'Accounts. The handle is the public, unique name.',
        columns: [
          { name: 'id', type: 'bigint', identity: 'always' },
          { name: 'handle', type: 'text' },
          { name: 'display_name', type: 'text' },
          { name: 'bio', type: 'text', nullable: true },
          { name: 'created_at', type: 'timestamptz', default: { kind: 'now' } },
        ],
        primaryKey: ['id'],
        uniques: [{ name: 'users_handle_key', columns: ['handle'] }],
        checks: [
          { name: 'users_handle_format', condition: { kind: 'matches', column: 'handle', pattern: '^[a-z0-9_]{3,30}$' } },
          { name: 'users_display_name_length', condition: { kind: 'length-between', column: 'display_name', min: 1, max: 100 } },
        ],
      },
      {
        name: 'follows',
        description: 'Follow graph: follower_id follows followee_id.',
        columns: [
          { name: 'follower_id', type: 'bigint' },
          { name: 'followee_id', type: 'bigint' },
          { name: 'created_at', type: 'timestamptz', default: { kind: 'now' } },
        ],
        primaryKey: ['follower_id', 'followee_id'],
        foreignKeys: [
          { name: 'follows_follower_fk', columns: ['follower_id'], referencesTable: 'users', referencesColumns: ['id'], onDelete: 'cascade' },
          { name: 'follows_followee_fk', columns: ['followee_id'], referencesTable: 'users', referencesColumns: ['id'], onDelete: 'cascade' },
        ],
        checks: [{ name: 'follows_not_self', condition: { kind: 'compare-columns', column: 'follower_id', operator: '<>', otherColumn: 'followee_id' } }],
      },
      {
        name: 'posts',
        description: 'Posts and replies (reply_to_id set). Deleting a post keeps its replies, detached.',
        columns: [
          { name: 'id', type: 'bigint', identity: 'always' },
          { name: 'author_id', type: 'bigint' },
          { name: 'reply_to_id', type: 'bigint', nullable: true },
          { name: 'body', type: 'text' },
          { name: 'visibility', type: 'post_visibility', default: { kind: 'literal', value: 'public' } },
          { name: 'created_at', type: 'timestamptz', default: { kind: 'now' } },
          { name: 'edited_at', type: 'timestamptz', nullable: true },
        ],
        primaryKey: ['id'],
        foreignKeys: [
          { name: 'posts_author_fk', columns: ['author_id'], referencesTable: 'users', referencesColumns: ['id'], onDelete: 'cascade' },
          { name: 'posts_reply_to_fk', columns: ['reply_to_id'], referencesTable: 'posts', referencesColumns: ['id'], onDelete: 'set-null' },
        ],
        checks: [
          { name: 'posts_body_length', condition: { kind: 'length-between', column: 'body', min: 1, max: 5000 } },
          { name: 'posts_edited_after_created', condition: { kind: 'compare-columns', column: 'edited_at', operator: '>=', otherColumn: 'created_at' } },
        ],
      },
      {
        name: 'reactions',
        description: 'One reaction per user and post.',
        columns: [
          { name: 'post_id', type: 'bigint' },
          { name: 'user_id', type: 'bigint' },
          { name: 'kind', type: 'reaction_kind' },
          { name: 'created_at', type: 'timestamptz', default: { kind: 'now' } },
        ],
        primaryKey: ['post_id', 'user_id'],
        foreignKeys: [
          { name: 'reactions_post_fk', columns: ['post_id'], referencesTable: 'posts', referencesColumns: ['id'], onDelete: 'cascade' },
          { name: 'reactions_user_fk', columns: ['user_id'], referencesTable: 'users', referencesColumns: ['id'], onDelete: 'cascade' },
        ],
      },
      {
        name: 'notifications',
        description: 'Per-recipient notifications, clustered by recipient through the primary key; read_at NULL means unread.',
        columns: [
          { name: 'recipient_id', type: 'bigint' },
          { name: 'id', type: 'bigint', identity: 'always' },
          { name: 'actor_id', type: 'bigint' },
          { name: 'kind', type: 'notification_kind' },
          { name: 'post_id', type: 'bigint', nullable: true },
          { name: 'created_at', type: 'timestamptz', default: { kind: 'now' } },
          { name: 'read_at', type: 'timestamptz', nullable: true },
        ],
        primaryKey: ['recipient_id', 'id'],
        foreignKeys: [
          { name: 'notifications_recipient_fk', columns: ['recipient_id'], referencesTable: 'users', referencesColumns: ['id'], onDelete: 'cascade' },
          { name: 'notifications_actor_fk', columns: ['actor_id'], referencesTable: 'users', referencesColumns: ['id'], onDelete: 'cascade' },
          { name: 'notifications_post_fk', columns: ['post_id'], referencesTable: 'posts', referencesColumns: ['id'], onDelete: 'cascade' },
        ],
        checks: [{ name: 'notifications_read_after_created', condition: { kind: 'compare-columns', column: 'read_at', operator: '>=', otherColumn: 'created_at' } }],
      },
    ],
  },
  indexingStrategy: {
    summary:
      'Every list is an index range in its display order: posts by (author, created_at desc) serves profiles and, once per followed account, the home feed; ' +
      'follows by (followee, created_at desc) including follower_id gives follower lists as index-only scans; reactions by (user, created_at desc); unread ' +
      'notifications through a partial index that holds only unread rows (most notifications are read, so it stays small and hot). Every cascading foreign key ' +
      'leads an index: follows.follower_id and reactions.post_id and notifications.recipient_id through their primary keys, the others through the indexes ' +
      'below (notifications.post_id partially, as most notifications are not about a post). No partitioning at this size: all access is by owner, and the ' +
      'notification purge deletes by age in small batches; partition notifications by month if they grow past a few hundred million rows.',
    indexes: [
      {
        name: 'posts_author_created_idx',
        table: 'posts',
        keys: [{ column: 'author_id' }, { column: 'created_at', order: 'desc' }],
        rationale: 'Profile timeline and, per followed account, the home feed: newest posts of an author first. Covers the author foreign key.',
      },
      {
        name: 'posts_reply_to_idx',
        table: 'posts',
        keys: [{ column: 'reply_to_id' }, { column: 'created_at' }],
        where: [{ kind: 'is-not-null', column: 'reply_to_id' }],
        rationale: 'Replies of a thread in order; partial because most posts are not replies. Covers the reply foreign key (SET NULL on delete).',
      },
      {
        name: 'follows_followee_idx',
        table: 'follows',
        keys: [{ column: 'followee_id' }, { column: 'created_at', order: 'desc' }],
        include: ['follower_id'],
        rationale: 'Follower lists, newest first, as index-only scans; covers the followee foreign key.',
      },
      {
        name: 'reactions_user_created_idx',
        table: 'reactions',
        keys: [{ column: 'user_id' }, { column: 'created_at', order: 'desc' }],
        include: ['post_id', 'kind'],
        rationale: '"Liked by me" lists as index-only scans; covers the user foreign key.',
      },
      {
        name: 'notifications_unread_idx',
        table: 'notifications',
        keys: [{ column: 'recipient_id' }, { column: 'id', order: 'desc' }],
        where: [{ kind: 'is-null', column: 'read_at' }],
        rationale: 'The unread badge and list read only unread rows; marking as read removes them from this small index.',
      },
      {
        name: 'notifications_actor_idx',
        table: 'notifications',
        keys: [{ column: 'actor_id' }],
        rationale: 'Account erasure deletes the notifications an account caused (the actor foreign key cascade); without it each erasure scans all notifications.',
      },
      {
        name: 'notifications_post_idx',
        table: 'notifications',
        keys: [{ column: 'post_id' }],
        where: [{ kind: 'is-not-null', column: 'post_id' }],
        rationale: 'Deleting a post cascades to its notifications; partial because many notifications (follows) have no post.',
      },
    ],
  },
  accessPatterns: [
    {
      id: 'home-feed',
      description: 'Home feed page: the newest 50 posts of the accounts a user follows, before a cursor time (fan-out on read, top 20 per followed account).',
      kind: 'read',
      sql:
        'SELECT p.id, p.author_id, p.body, p.created_at FROM follows AS f CROSS JOIN LATERAL (' +
        "SELECT id, author_id, body, created_at FROM posts WHERE author_id = f.followee_id AND created_at < $2 AND visibility <> 'private' ORDER BY created_at DESC LIMIT 20" +
        ') AS p WHERE f.follower_id = $1 ORDER BY p.created_at DESC LIMIT 50',
      parameters: [
        { name: 'user_id', type: 'bigint' },
        { name: 'before', type: 'timestamptz' },
      ],
      parameterSamples: 'SELECT follower_id, now() FROM follows ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 400,
      latencyTargetMs: 40,
      servedBy: ['follows_pkey', 'posts_author_created_idx'],
    },
    {
      id: 'profile-timeline',
      description: 'Posts of one account, newest first, before a cursor time.',
      kind: 'read',
      sql: 'SELECT id, body, visibility, created_at FROM posts WHERE author_id = $1 AND created_at < $2 ORDER BY created_at DESC LIMIT 20',
      parameters: [
        { name: 'author_id', type: 'bigint' },
        { name: 'before', type: 'timestamptz' },
      ],
      parameterSamples: 'SELECT author_id, now() FROM posts ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 300,
      latencyTargetMs: 10,
      servedBy: ['posts_author_created_idx'],
    },
    {
      id: 'thread-replies',
      description: 'Replies to a post in conversation order.',
      kind: 'read',
      sql: 'SELECT id, author_id, body, created_at FROM posts WHERE reply_to_id = $1 ORDER BY created_at LIMIT 100',
      parameters: [{ name: 'post_id', type: 'bigint' }],
      parameterSamples: 'SELECT reply_to_id FROM posts WHERE reply_to_id IS NOT NULL ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 200,
      latencyTargetMs: 10,
      servedBy: ['posts_reply_to_idx'],
    },
    {
      id: 'followers-of',
      description: 'Newest followers of an account.',
      kind: 'read',
      sql: 'SELECT follower_id, created_at FROM follows WHERE followee_id = $1 ORDER BY created_at DESC LIMIT 100',
      parameters: [{ name: 'user_id', type: 'bigint' }],
      parameterSamples: 'SELECT followee_id FROM follows ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 50,
      latencyTargetMs: 10,
      servedBy: ['follows_followee_idx'],
    },
    {
      id: 'post-reaction-counts',
      description: 'Reaction counts under a post.',
      kind: 'read',
      sql: 'SELECT kind, count(*) AS reactions FROM reactions WHERE post_id = $1 GROUP BY kind',
      parameters: [{ name: 'post_id', type: 'bigint' }],
      parameterSamples: 'SELECT post_id FROM reactions ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 600,
      latencyTargetMs: 5,
      servedBy: ['reactions_pkey'],
    },
    {
      id: 'liked-by-user',
      description: 'Posts a user reacted to, newest first.',
      kind: 'read',
      sql: 'SELECT post_id, kind, created_at FROM reactions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 50',
      parameters: [{ name: 'user_id', type: 'bigint' }],
      parameterSamples: 'SELECT user_id FROM reactions ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 40,
      latencyTargetMs: 10,
      servedBy: ['reactions_user_created_idx'],
    },
    {
      id: 'unread-notifications',
      description: 'Unread notifications of a user, newest first.',
      kind: 'read',
      sql: 'SELECT id, actor_id, kind, post_id, created_at FROM notifications WHERE recipient_id = $1 AND read_at IS NULL ORDER BY id DESC LIMIT 50',
      parameters: [{ name: 'user_id', type: 'bigint' }],
      parameterSamples: 'SELECT recipient_id FROM notifications WHERE read_at IS NULL ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 500,
      latencyTargetMs: 5,
      servedBy: ['notifications_unread_idx'],
    },
    {
      id: 'mark-notifications-read',
      description:
        "Marks a user's unread notifications up to an id as read. Served by the unread index or the primary key alike: the update's own writes dominate its cost.",
      kind: 'write',
      sql: 'UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL AND id <= $2',
      parameters: [
        { name: 'user_id', type: 'bigint' },
        { name: 'up_to_id', type: 'bigint' },
      ],
      parameterSamples: 'SELECT recipient_id, max(id) FROM notifications WHERE read_at IS NULL GROUP BY recipient_id ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 100,
      latencyTargetMs: 10,
      servedBy: [],
    },
    {
      id: 'publish-post',
      description: 'A user publishes a post.',
      kind: 'write',
      sql: "INSERT INTO posts (author_id, body, visibility) VALUES ($1, $2, 'public') RETURNING id",
      parameters: [
        { name: 'author_id', type: 'bigint' },
        { name: 'body', type: 'text' },
      ],
      parameterSamples: "SELECT id, 'Hello from the feed' FROM users ORDER BY random() LIMIT $1",
      expectedRatePerSecond: 150,
      latencyTargetMs: 5,
      servedBy: [],
    },
    {
      id: 'cascade-post-notifications',
      description: 'What ON DELETE CASCADE runs for each deleted post: removing the notifications about it.',
      kind: 'write',
      sql: 'DELETE FROM notifications WHERE post_id = $1',
      parameters: [{ name: 'post_id', type: 'bigint' }],
      parameterSamples: 'SELECT post_id FROM notifications WHERE post_id IS NOT NULL ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 5,
      latencyTargetMs: 10,
      servedBy: ['notifications_post_idx'],
    },
    {
      id: 'cascade-actor-notifications',
      description: 'What ON DELETE CASCADE runs when an account is erased: removing the notifications it caused.',
      kind: 'write',
      sql: 'DELETE FROM notifications WHERE actor_id = $1',
      parameters: [{ name: 'user_id', type: 'bigint' }],
      parameterSamples: 'SELECT actor_id FROM notifications ORDER BY random() LIMIT $1',
      expectedRatePerSecond: 0.1,
      latencyTargetMs: 20,
      servedBy: ['notifications_actor_idx'],
    },
  ],
  volumes: [
    { table: 'users', expectedRows: 1_000_000, growthRowsPerDay: 2_000, testRows: 4_000 },
    { table: 'follows', expectedRows: 50_000_000, growthRowsPerDay: 100_000, testRows: 60_000 },
    { table: 'posts', expectedRows: 60_000_000, growthRowsPerDay: 150_000, testRows: 80_000 },
    { table: 'reactions', expectedRows: 200_000_000, growthRowsPerDay: 600_000, testRows: 100_000 },
    { table: 'notifications', expectedRows: 100_000_000, growthRowsPerDay: 1_100_000, testRows: 80_000 },
  ],
  seeds: [
    {
      table: 'users',
      sql:
        "INSERT INTO users (handle, display_name, bio, created_at) SELECT 'user_' || g, 'User ' || g, CASE WHEN g % 3 = 0 THEN 'Synthetic bio ' || g END, " +
        "now() - random() * interval '1000 days' FROM generate_series(1, $1::int) AS g",
    },
    {
      // Followees are heavily skewed (a few accounts have most followers); duplicates are skipped.
      table: 'follows',
      sql:
        'INSERT INTO follows (follower_id, followee_id, created_at) SELECT f, e, now() - random() * interval \'900 days\' FROM (' +
        'SELECT 1 + floor(u.n * random())::bigint AS f, 1 + floor(u.n * power(random(), 3))::bigint AS e ' +
        'FROM generate_series(1, $1::int) AS g CROSS JOIN (SELECT count(*) AS n FROM users) AS u) AS pairs WHERE f <> e ON CONFLICT DO NOTHING',
    },
    {
      // One post every 30 s up to now; a fifth are replies, mostly to recent posts; authors skewed.
      table: 'posts',
      sql:
        'INSERT INTO posts (author_id, reply_to_id, body, visibility, created_at) ' +
        'SELECT 1 + floor(u.n * power(random(), 2))::bigint, ' +
        'CASE WHEN g > 100 AND random() < 0.2 THEN 1 + floor((g - 1) * power(random(), 0.25))::bigint END, ' +
        "'Post ' || g || ' ' || repeat('lorem ipsum ', 1 + g % 10), " +
        "(CASE WHEN random() < 0.9 THEN 'public' WHEN random() < 0.5 THEN 'followers' ELSE 'private' END)::post_visibility, " +
        "now() - ($1::int - g) * interval '30 seconds' " +
        'FROM generate_series(1, $1::int) AS g CROSS JOIN (SELECT count(*) AS n FROM users) AS u',
    },
    {
      // Recent posts collect most reactions; one reaction per user and post.
      table: 'reactions',
      sql:
        'INSERT INTO reactions (post_id, user_id, kind, created_at) ' +
        'SELECT p.n - floor(p.n * power(random(), 2))::bigint, 1 + floor(u.n * random())::bigint, ' +
        "(ARRAY['like', 'like', 'like', 'love', 'laugh', 'sad', 'angry'])[1 + floor(random() * 7)::int]::reaction_kind, now() - random() * interval '40 days' " +
        'FROM generate_series(1, $1::int) AS g CROSS JOIN (SELECT count(*) AS n FROM posts) AS p CROSS JOIN (SELECT count(*) AS n FROM users) AS u ' +
        'ON CONFLICT DO NOTHING',
    },
    {
      // Popular accounts receive most notifications; four in five are read an hour later.
      table: 'notifications',
      sql:
        'INSERT INTO notifications (recipient_id, actor_id, kind, post_id, created_at, read_at) ' +
        "SELECT r, a, k, post, c, CASE WHEN random() < 0.8 THEN least(now(), c + interval '1 hour') END FROM (" +
        'SELECT 1 + floor(u.n * power(random(), 3))::bigint AS r, 1 + floor(u.n * random())::bigint AS a, ' +
        "(ARRAY['follow', 'reaction', 'reply', 'mention'])[1 + floor(random() * 4)::int]::notification_kind AS k, " +
        'CASE WHEN random() < 0.75 THEN 1 + floor(p.n * random())::bigint END AS post, ' +
        "now() - random() * interval '60 days' AS c " +
        'FROM generate_series(1, $1::int) AS g CROSS JOIN (SELECT count(*) AS n FROM users) AS u CROSS JOIN (SELECT count(*) AS n FROM posts) AS p) AS n',
    },
  ],
};
