CREATE INDEX "steering_figures_school_idx" ON "steering_figures" USING btree ("school_year","school_uai","class_key");--> statement-breakpoint
CREATE INDEX "steering_offer_figures_departement_idx" ON "steering_offer_figures" USING btree ("school_year","departement_code");--> statement-breakpoint
CREATE INDEX "steering_offer_figures_bassin_idx" ON "steering_offer_figures" USING btree ("school_year","bassin_code");--> statement-breakpoint
CREATE INDEX "steering_offer_figures_nearest_idx" ON "steering_offer_figures" USING btree ("school_year","nearest_uai");