CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` integer NOT NULL,
	`flow_id` text NOT NULL,
	`node_id` text NOT NULL,
	`question_key` text NOT NULL,
	`indicator` text,
	`answer` text NOT NULL,
	`answer_key` text,
	`free_text` text,
	`forms` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answers_conversation` ON `answers` (`conversation_id`,`id`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `mode` text DEFAULT 'bot' NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `flow` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `facts` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `urgent` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `language_confirmed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `silenced` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `prompt_nonce` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `buttons` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `inbox_text` text;