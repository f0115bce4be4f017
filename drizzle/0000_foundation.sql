CREATE TABLE `conversations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`language` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`inbox_channel` text NOT NULL,
	`inbox_thread` text,
	`created_at` integer NOT NULL,
	`last_person_message_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_channel_chat` ON `conversations` (`channel`,`chat_id`);--> statement-breakpoint
CREATE INDEX `conversations_inbox_thread` ON `conversations` (`inbox_channel`,`inbox_thread`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` integer NOT NULL,
	`author` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`channel_message_id` text,
	`inbox_message_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `messages_conversation` ON `messages` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_inbox_message` ON `messages` (`inbox_message_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` integer NOT NULL,
	`lane` text NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`done_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_lane_head` ON `outbox` (`conversation_id`,`lane`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`not_before`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`source` text NOT NULL,
	`event_key` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`source`, `event_key`)
);
