ALTER TABLE `messages` ADD `attachment` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `inbox_file_id` text;