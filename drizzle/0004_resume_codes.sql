CREATE TABLE `resume_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `resume_attempts_at` ON `resume_attempts` (`at`);--> statement-breakpoint
CREATE INDEX `resume_attempts_chat` ON `resume_attempts` (`chat_key`,`at`);--> statement-breakpoint
CREATE TABLE `resume_codes` (
	`conversation_id` integer PRIMARY KEY NOT NULL,
	`selector` text NOT NULL,
	`salt` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resume_codes_selector` ON `resume_codes` (`selector`);