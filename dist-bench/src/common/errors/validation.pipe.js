import { BadRequestException, ValidationPipe } from '@nestjs/common';
function flatten(errors, prefix = '') {
    return errors.flatMap((error) => {
        const field = prefix ? `${prefix}.${error.property}` : error.property;
        const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
        return [...own, ...flatten(error.children ?? [], field)];
    });
}
export function createValidationPipe() {
    return new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        forbidUnknownValues: true,
        transform: true,
        transformOptions: { enableImplicitConversion: false },
        validationError: { target: false, value: false },
        exceptionFactory: (errors) => {
            const details = flatten(errors);
            return new BadRequestException({
                message: details.length ? `Invalid input: ${details.map((d) => d.message).join('; ')}` : 'Invalid input',
                details,
            });
        },
    });
}
//# sourceMappingURL=validation.pipe.js.map