CREATE TABLE `case_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `case_events_conversation` ON `case_events` (`conversation_id`,`id`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `assignee` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `silent_mode` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `consent` text DEFAULT 'given' NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `triage` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `tips_offered_at` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `chat_secret` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `held` integer DEFAULT false NOT NULL;