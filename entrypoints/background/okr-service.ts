/** The service's old address, kept for its many importers: the service lives in `service/`. */
export * from './service';
