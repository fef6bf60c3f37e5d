-- CreateIndex
CREATE INDEX "Appeal_status_idx" ON "Appeal"("status");

-- CreateIndex
CREATE INDEX "AwardRecord_provinceId_year_id_idx" ON "AwardRecord"("provinceId", "year", "id");

